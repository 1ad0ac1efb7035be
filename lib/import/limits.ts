/** Server actions take bodies up to 1 MB (Next's default), so an import is kept below it. */
export const MAX_IMPORT_CHARS = 900_000;
/** Rows one import may hold: it runs in one transaction. */
export const MAX_IMPORT_ROWS = 10_000;
