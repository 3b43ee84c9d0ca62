// `npm run web:build`: build web/dist now, whether or not it looks fresh.
import { rmSync } from 'node:fs';
import { ensureWebAppBuilt, webDistDir } from './lib/web-build.js';

rmSync(webDistDir, { recursive: true, force: true });
await ensureWebAppBuilt();
