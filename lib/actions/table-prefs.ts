'use server';

import { requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/data/errors';
import { resetTablePrefs, saveTablePrefs } from '@/lib/data/table-prefs';

/** Remembers a list layout change; a refused value is reported, never thrown at the table. */
export async function saveTablePrefsAction(
  modelKey: string,
  prefs: { columns?: string[]; perPage?: number },
): Promise<{ error?: string }> {
  const actor = await requireUser();
  try {
    await saveTablePrefs(actor, modelKey, {
      columns: Array.isArray(prefs.columns) ? prefs.columns.map(String) : undefined,
      perPage: typeof prefs.perPage === 'number' ? prefs.perPage : undefined,
    });
    return {};
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}

export async function resetTablePrefsAction(modelKey: string): Promise<{ error?: string }> {
  const actor = await requireUser();
  try {
    await resetTablePrefs(actor, modelKey);
    return {};
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}
