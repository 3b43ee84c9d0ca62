// What outcomes resolvers receive as parents: plain objects built by table.ts (no entities).
export type { OutcomeRow, Rate } from './table.js';
