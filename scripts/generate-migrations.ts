// `npm run migrations:generate -- <name>`: drizzle-kit generate for each subgraph (or the named one).
import { execFileSync } from 'node:child_process';

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const configs: Record<string, string> = {
  enrollment: 'subgraphs/enrollment/drizzle.config.ts',
  checkin: 'subgraphs/checkin/drizzle.config.ts',
  docket: 'subgraphs/docket/drizzle.config.ts',
  legal: 'subgraphs/legal/drizzle.config.ts',
  worklist: 'subgraphs/worklist/drizzle.config.ts',
  outcomes: 'subgraphs/outcomes/drizzle.config.ts',
  alerts: 'subgraphs/alerts/drizzle.config.ts',
  gateway: 'gateway/auth/drizzle.config.ts',
};
for (const name of names.length ? names : Object.keys(configs)) {
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', configs[name]!], { stdio: 'inherit' });
}
