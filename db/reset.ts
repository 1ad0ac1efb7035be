// `npm run db:reset`: drops every inventory table and re-applies the migrations. Destructive:
// it asks for `--yes` so that it is never run by accident against production.
import { sql } from 'drizzle-orm';
import { openDatabase } from './client';

async function main(): Promise<void> {
  if (!process.argv.includes('--yes')) {
    console.error('db:reset deletes all inventory data. Re-run with: npm run db:reset -- --yes');
    process.exit(2);
  }
  const url = process.env.DATABASE_URL;
  const handle = await openDatabase({ url });
  for (const statement of [
    'drop schema if exists public cascade',
    'drop schema if exists drizzle cascade',
    'create schema public',
  ]) {
    await handle.db.execute(sql.raw(statement));
  }
  await handle.close();
  const migrated = await openDatabase({ url, migrate: true });
  await migrated.close();
  console.log(`inventory database reset on ${url ? 'PostgreSQL' : 'the embedded database'}`);
}

main().catch((err: unknown) => {
  console.error('reset failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
