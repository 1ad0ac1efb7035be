// `npm run db:seed -- --guests N [--clusters C] [--nodes-per-cluster K] [--seed S] [--reset]`
// Fills the inventory database the environment selects (DATABASE_URL → PostgreSQL, otherwise
// PGlite under PROXBOX_DATA_DIR) with a synced-looking estate of N guests, in bulk.
import { openDatabase } from './client';
import { parseSeedArgs } from './seed/options';
import { seedInventory, type SeedCounts } from './seed/inventory';

function formatCounts(counts: SeedCounts): string {
  const parts: [string, number][] = [
    ['guests', counts.guests],
    ['endpoints', counts.endpoints],
    ['nodes', counts.nodes],
    ['storages', counts.storages],
    ['VM interfaces', counts.vmInterfaces],
    ['IP addresses', counts.ipAddresses],
    ['virtual disks', counts.virtualDisks],
    ['backups', counts.backups],
    ['snapshots', counts.snapshots],
    ['tasks', counts.tasks],
    ['backup routines', counts.backupRoutines],
    ['replications', counts.replications],
  ];
  return parts.map(([label, value]) => `${value} ${label}`).join(', ');
}

async function main(): Promise<void> {
  const options = parseSeedArgs(process.argv.slice(2));
  const url = process.env.DATABASE_URL || undefined;
  // Migrations are applied on PostgreSQL too: a seed targets development and benchmark
  // databases, where bringing the schema up first is one step fewer to forget.
  const handle = await openDatabase({ url, migrate: true });
  console.log(
    `db:seed: ${handle.driver === 'pg' ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}, ${options.guests} guests${options.reset ? ', after reset' : ''}`,
  );
  try {
    const result = await seedInventory(
      handle.db,
      // Two chunks in flight let PostgreSQL insert one while Node builds the next.
      { ...options, concurrency: options.concurrency ?? (handle.driver === 'pg' ? 2 : 1) },
      ({ guestsDone, guestsTotal, elapsedMs }) => {
        const pct = guestsTotal ? ((guestsDone / guestsTotal) * 100).toFixed(0) : '100';
        console.log(`  ${guestsDone}/${guestsTotal} guests (${pct}%) ${(elapsedMs / 1000).toFixed(1)} s`);
      },
    );
    console.log(`db:seed: seeded ${formatCounts(result.counts)} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
  } finally {
    await handle.close();
  }
}

/** Drizzle wraps driver errors in "Failed query: <the whole INSERT>"; the cause is the useful part. */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause.message : null;
  const message = cause ?? err.message;
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

main().catch((err: unknown) => {
  console.error(`db:seed failed: ${describeError(err)}`);
  process.exit(1);
});
