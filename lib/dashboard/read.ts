import type { Database } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { dataDb } from '@/lib/data/transaction';

/** The database for a dashboard read, after checking that someone is asking (any signed-in actor may read). */
export async function dashboardDb(actor: Actor): Promise<Database> {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  return dataDb();
}

/** `count(*)` and `sum(...)` come back as strings from pg and numbers from PGlite. */
export const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
