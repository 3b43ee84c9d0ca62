// Rate limits with the default in-memory counters (test/support/rate-limit-suite.ts).
import { rateLimitSuite } from './support/rate-limit-suite.js';

rateLimitSuite('memory', () => ({}));
