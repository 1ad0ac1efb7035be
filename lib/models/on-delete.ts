// What deleting an object does to the objects that reference it, by the reference's on-delete
// rule (Django's on_delete names, as the model registry's `related` lists them).

/** The rules that refuse the delete while dependants exist. */
const BLOCKING = new Set(['restrict', 'no action']);

export function blocksDelete(onDelete: string): boolean {
  return BLOCKING.has(onDelete);
}

/** The effect on the dependants, in words. */
export function deleteConsequence(onDelete: string): string {
  if (onDelete === 'cascade') return 'will be deleted';
  if (onDelete === 'set null') return 'will be unlinked';
  if (blocksDelete(onDelete)) return 'block the delete';
  return onDelete;
}
