// `npm run db:migrate`: applies pending inventory migrations to DATABASE_URL (or the embedded
// database when unset) and the backend store's migrations to data/backend.db.
import { openDatabase } from './client';
import { openBackendStore } from './backend/client';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const started = Date.now();
  const handle = await openDatabase({ url, migrate: true });
  await handle.close();
  console.log(
    `inventory migrations applied on ${url ? 'PostgreSQL' : 'the embedded database'} (${Date.now() - started} ms)`,
  );
  const backend = openBackendStore();
  backend.close();
  console.log(`backend store migrations applied (${backend.file})`);
}

main().catch((err: unknown) => {
  console.error('migration failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
