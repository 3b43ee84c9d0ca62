// `npm run migrations:generate -- <name>`: drizzle-kit generate for each subgraph (or the named one).
import { execFileSync } from 'node:child_process';

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of names.length ? names : ['enrollment', 'checkin', 'docket', 'legal']) {
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', `subgraphs/${name}/drizzle.config.ts`], { stdio: 'inherit' });
}
