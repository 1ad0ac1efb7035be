import { parseArgs } from 'node:util';

/** What `seedInventory` builds. Only `guests` is required; the rest have the CLI's defaults. */
export interface SeedOptions {
  guests: number;
  /** Proxmox clusters (one endpoint each). Default: 3 from 1,000 guests up, else 1. */
  clusters?: number;
  nodesPerCluster?: number;
  /** PRNG seed: the same seed (and reference day) gives the same inventory. */
  seed?: number;
  /** Truncate every inventory table first (users and the migration journal are kept). */
  reset?: boolean;
  /**
   * Chunk transactions in flight at once. PostgreSQL gains from 2 (the database works on one
   * chunk while Node builds the next); PGlite is one connection, so more than 1 only queues.
   */
  concurrency?: number;
  /**
   * Reference time backups, snapshots and tasks are dated from. Default: the start of the
   * current UTC day, so runs on the same day produce identical data.
   */
  now?: Date;
}

export type ResolvedSeedOptions = Required<SeedOptions>;

/** Limits keep the generated identifiers valid (4-digit-or-more names, /16 ranges, 24-bit MACs). */
export const MAX_GUESTS = 2_000_000;
export const MAX_CLUSTERS = 50;
export const MAX_NODES_PER_CLUSTER = 64;

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max} (got ${value}).`);
  }
}

/** Fills in defaults and rejects values the generators cannot honour. */
export function resolveSeedOptions(options: SeedOptions): ResolvedSeedOptions {
  const resolved: ResolvedSeedOptions = {
    guests: options.guests,
    clusters: options.clusters ?? (options.guests >= 1000 ? 3 : 1),
    nodesPerCluster: options.nodesPerCluster ?? 5,
    seed: options.seed ?? 1,
    reset: options.reset ?? false,
    concurrency: options.concurrency ?? 1,
    now: options.now ?? startOfUtcDay(new Date()),
  };
  checkRange('guests', resolved.guests, 0, MAX_GUESTS);
  checkRange('clusters', resolved.clusters, 1, MAX_CLUSTERS);
  checkRange('nodes-per-cluster', resolved.nodesPerCluster, 1, MAX_NODES_PER_CLUSTER);
  checkRange('seed', resolved.seed, 0, 2 ** 32 - 1);
  checkRange('concurrency', resolved.concurrency, 1, 8);
  return resolved;
}

function intOption(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} expects a non-negative integer (got "${raw}").`);
  return Number(raw);
}

/** Parses the `db:seed` command line (`--guests N --clusters C --nodes-per-cluster K --seed S --reset`). */
export function parseSeedArgs(argv: string[]): SeedOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      guests: { type: 'string' },
      clusters: { type: 'string' },
      'nodes-per-cluster': { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      reset: { type: 'boolean', default: false },
    },
    strict: true,
  });
  return {
    guests: intOption(values.guests, 'guests') ?? 1000,
    clusters: intOption(values.clusters, 'clusters'),
    nodesPerCluster: intOption(values['nodes-per-cluster'], 'nodes-per-cluster'),
    seed: intOption(values.seed, 'seed'),
    concurrency: intOption(values.concurrency, 'concurrency'),
    reset: values.reset,
  };
}
