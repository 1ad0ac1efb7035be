'use server';

import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/data/errors';
import { runImport, type ImportOutcome } from '@/lib/import/import-rows';
import { MAX_IMPORT_CHARS } from '@/lib/import/limits';
import { detectFormat, ImportParseError, type ImportFormat } from '@/lib/import/parse-import';
import { getModel } from '@/lib/models/registry';

export type ImportState = { outcome?: ImportOutcome; error?: string; message?: string };

async function run(modelKey: string, text: unknown, format: unknown, apply: boolean): Promise<ImportState> {
  const actor = await requireUser();
  if (typeof text !== 'string' || text.trim() === '') return { error: 'Paste or choose the rows to import.' };
  if (text.length > MAX_IMPORT_CHARS)
    return { error: 'The import is larger than 900,000 characters; split it into several files.' };
  const fmt: ImportFormat = format === 'csv' || format === 'json' ? format : detectFormat(text);
  try {
    const outcome = await runImport(actor, modelKey, text, fmt, { apply });
    if (outcome.applied) {
      revalidatePath(`/${modelKey}`);
      const created = outcome.rows.filter((r) => r.action === 'create').length;
      const meta = getModel(modelKey)!.meta;
      return {
        outcome,
        message: `Imported ${outcome.rows.length.toLocaleString('en-US')} ${meta.labelPlural.toLowerCase()}: ${created} created, ${outcome.rows.length - created} updated.`,
      };
    }
    const failed = outcome.rows.filter((r) => r.errors.length > 0).length;
    return apply && failed > 0
      ? { outcome, error: `Nothing was imported: ${failed} row${failed === 1 ? '' : 's'} failed.` }
      : { outcome };
  } catch (error) {
    if (error instanceof ImportParseError || error instanceof AppError) return { error: error.message };
    throw error;
  }
}

export async function previewImportAction(modelKey: string, text: string, format: string): Promise<ImportState> {
  return run(modelKey, text, format, false);
}

export async function applyImportAction(modelKey: string, text: string, format: string): Promise<ImportState> {
  return run(modelKey, text, format, true);
}
