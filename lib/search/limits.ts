// Bounds of a search text, shared by the server (validation) and the palette (when to ask).
export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 200;
