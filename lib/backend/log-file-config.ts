// The backend log file's fixed numbers and what the backend_log_file_path setting accepts: empty
// (file logging off) or an absolute path to a file. Shared by the settings field (its help text,
// and its pattern, checked by the data layer on every save) and by the log file itself, which
// refuses a stored value the form would refuse (a row edited in SQL) instead of writing relative
// to whatever directory the server was started in.

/** A file is rotated before a line would make it larger than this. */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** Rotated files kept beside the current one: `<path>.1` (newest) … `<path>.5` (oldest). */
export const LOG_FILE_KEEP = 5;
/** How often a backend process re-reads the setting. */
export const LOG_FILE_FOLLOW_MS = 10_000;

/** Empty, or `/…` without control characters (NUL included) and not ending in `/`. */
export const LOG_FILE_PATH_PATTERN = '^$|^/[^\\x00-\\x1f\\x7f]*[^/\\x00-\\x1f\\x7f]$';

export const LOG_FILE_PATH_MESSAGE =
  'Enter an absolute path to a file, such as /var/log/proxbox.log (no control characters, not ending in "/"), or leave it empty to turn file logging off.';

/** Why `path` cannot be a log file path, or null when it can (empty = off is allowed). */
export function logFilePathProblem(path: string): string | null {
  return new RegExp(LOG_FILE_PATH_PATTERN).test(path) ? null : LOG_FILE_PATH_MESSAGE;
}
