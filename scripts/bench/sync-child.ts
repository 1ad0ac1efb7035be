// Syncs the Proxmox simulator's estate into a database for bench:push in its own process, so the
// push process's peak RSS counts the push, not the sync before it. Prints one JSON line when done.
import { openDatabase, setDatabase } from '@/db/client';
import { proxboxPluginSettings } from '@/db/schema';
import { SYNC_STAGES } from '@/db/schema/choices';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { runSync } from '@/lib/sync/engine';
import { registerEndpoints, type EndpointAccess } from '@/lib/sync/write/register-endpoints';
import type { ProxmoxStageName } from '@/lib/sync/types';

const input = JSON.parse(process.argv[2] ?? '{}') as { url?: string; dataDir?: string; accesses: EndpointAccess[] };
const handle = await openDatabase(
  input.url ? { url: input.url, migrate: true } : { dataDir: input.dataDir, migrate: true },
);
setDatabase(handle);
await ensureSettings(handle.db);
// The sync only prepares the estate the push is measured on: on a loaded machine the Proxmox
// simulator may answer a request later than the default 5 s, which must not fail the benchmark.
await handle.db.update(proxboxPluginSettings).set({ proxmoxTimeout: 60 });
await registerEndpoints(handle.db, { kind: 'system' }, input.accesses);
const stages = SYNC_STAGES.filter((s): s is ProxmoxStageName => s !== 'netbox-push');
const outcome = await runSync(handle.db, { stages: [...stages], requestedBy: 'bench' });
const errors = outcome.issues.filter((i) => i.severity === 'error');
await handle.close();
process.stdout.write(
  `${JSON.stringify({ status: outcome.status, errors: errors.slice(0, 5).map((e) => `${e.stage} ${e.item}: ${e.message}`) })}\n`,
);
process.exit(0);
