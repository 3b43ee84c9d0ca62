import type { SubgraphContext } from '../shared/context.js';
import type { Loaders } from './loaders.js';

export type Context = SubgraphContext<Loaders>;
