import { proxboxPluginSettings } from '@/db/schema';
import type { Database } from '@/db/client';

/**
 * Creates the settings singleton with its defaults if it is missing (the seed's `get_solo()`),
 * so that the settings page and the sync always find one row. Safe to run concurrently.
 */
export async function ensureSettings(db: Database): Promise<void> {
  await db.insert(proxboxPluginSettings).values({ singletonKey: 'default' }).onConflictDoNothing();
}
