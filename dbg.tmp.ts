import { openDriver, subgraphDb } from '/work/main/kit/database/db.js';
import { startSystem } from '/work/main/scripts/lib/system.js';
import { createKey } from '/work/main/gateway/auth/api-keys.js';
import { requestBody } from '/work/main/scripts/lib/bench/fixtures.js';
import { configureLogging } from '/work/main/kit/observability/log.js';
configureLogging({ level: 'warn' });
const driver = await openDriver({ databaseUrl: process.argv[2], poolSize: 8 });
const system = await startSystem({ driver, migrate: false, scheduledJobs: false });
const key = (await createKey(subgraphDb(driver), { name: 'dbg', kind: 'staff' })).key;
for (const fy of [2027, 2026, 2025, 2026, 2026]) {
  const body = requestBody('supervisionOutcomes', { fiscalYear: fy });
  const t = performance.now();
  const r: any = await (await fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body })).json();
  console.log(fy, Math.round(performance.now() - t), 'ms', r.errors ? JSON.stringify(r.errors).slice(0, 200) : JSON.stringify(r.data).slice(0, 160));
}
await system.stop();
process.exit(0);
