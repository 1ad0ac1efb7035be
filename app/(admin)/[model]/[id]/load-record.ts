import { notFound } from 'next/navigation';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { metaFor } from '@/lib/data/permissions';
import { getRecord } from '@/lib/data/records';
import { getMeta } from '@/lib/models/registry';
import type { ModelMeta, RecordDTO } from '@/lib/models/types';

/** Resolves `/[model]/[id]` to its metadata (as the actor may use it) and record, or renders the 404 page. */
export async function loadRecord(
  actor: Actor,
  model: string,
  idParam: string,
): Promise<{ meta: ModelMeta; record: RecordDTO }> {
  const found = getMeta(model);
  const meta = found && metaFor(actor, found);
  const id = /^\d+$/.test(idParam) ? Number(idParam) : NaN;
  if (!meta || !Number.isSafeInteger(id) || id <= 0) notFound();
  try {
    return { meta, record: await getRecord(actor, meta.key, id) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}
