import { open, rename, type FileHandle } from 'node:fs/promises';
import { LOG_FILE_KEEP, LOG_FILE_MAX_BYTES, logFilePathProblem } from './log-file-config';

// The backend's log file (setting backend_log_file_path): every log line appended to one file,
// rotated by size. Lines are queued and written by one asynchronous writer in batches, so
// logging never waits for the disk and a rotation (close, rename, reopen) loses and repeats
// nothing: lines logged meanwhile wait in the queue. A file that cannot be opened or written
// never stops the backend: the sink records the error (status()), reports it once through
// `onProblem`, drops the lines meant for it (they stay in the in-memory log) and tries again
// RETRY_MS later or as soon as the path changes.

/** After a failure, lines are dropped (not queued) until this much time has passed. */
export const LOG_FILE_RETRY_MS = 30_000;
/** Lines waiting for the disk at most; beyond it new lines are dropped (counted in status()). */
const MAX_PENDING = 20_000;

export interface LogFileStatus {
  /** The configured path; null when file logging is off. */
  path: string | null;
  state: 'off' | 'ok' | 'failing';
  /** Why the file cannot be written (state `failing`). */
  error: string | null;
  /** When the current failure began (ISO). */
  since: string | null;
  /** Lines that never reached a file since the process started. */
  dropped: number;
}

export interface LogFileOptions {
  maxBytes?: number;
  keep?: number;
  retryMs?: number;
  /** Milliseconds since the epoch (tests pin it). */
  now?: () => number;
  /** Called once when writing starts failing (or fails differently); not for every line. */
  onProblem?: (message: string) => void;
  /** Called when the file is written again after a failure. */
  onRecovered?: (message: string) => void;
}

interface Pending {
  path: string;
  text: string;
}

export class LogFileSink {
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #retryMs: number;
  readonly #now: () => number;
  readonly #onProblem: (message: string) => void;
  readonly #onRecovered: (message: string) => void;
  #path: string | null = null;
  #pending: Pending[] = [];
  #running: Promise<void> | null = null;
  #handle: FileHandle | null = null;
  #handlePath: string | null = null;
  #size = 0;
  #error: string | null = null;
  #since: number | null = null;
  #retryAt = 0;
  #dropped = 0;
  /** Lines of the current batch already in the file (so a failure counts only the rest as dropped). */
  #written = 0;

  constructor(options: LogFileOptions = {}) {
    this.#maxBytes = options.maxBytes ?? LOG_FILE_MAX_BYTES;
    this.#keep = Math.max(1, options.keep ?? LOG_FILE_KEEP);
    this.#retryMs = options.retryMs ?? LOG_FILE_RETRY_MS;
    this.#now = options.now ?? Date.now;
    this.#onProblem = options.onProblem ?? (() => undefined);
    this.#onRecovered = options.onRecovered ?? (() => undefined);
  }

  /** Lines written from now on go to `path` ('' or null: nowhere). Lines already queued keep their file. */
  setPath(path: string | null): void {
    const next = path || null;
    if (next === this.#path) {
      // The setting is re-applied periodically: a failing file is retried then even without traffic.
      if (this.#error !== null && this.#now() >= this.#retryAt) this.#kick();
      return;
    }
    this.#path = next;
    this.#clearError();
    const problem = next === null ? null : logFilePathProblem(next);
    if (problem) this.#fail(next!, `the path is not usable: ${problem}`);
    // Closes the old file once its queued lines are written, and opens the new one.
    this.#kick();
  }

  /** Queues one line (a newline is added); returns at once. */
  write(line: string): void {
    const path = this.#path;
    if (path === null) return;
    if (this.#error !== null && this.#now() < this.#retryAt) {
      this.#dropped++;
      return;
    }
    if (this.#pending.length >= MAX_PENDING) {
      this.#dropped++;
      return;
    }
    this.#pending.push({ path, text: `${line}\n` });
    this.#kick();
  }

  status(): LogFileStatus {
    return {
      path: this.#path,
      state: this.#path === null ? 'off' : this.#error === null ? 'ok' : 'failing',
      error: this.#error,
      since: this.#since === null ? null : new Date(this.#since).toISOString(),
      dropped: this.#dropped,
    };
  }

  /** Resolves when every queued line has been written (or dropped). */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Flushes and closes the file; later lines reopen it. */
  async close(): Promise<void> {
    await this.flush();
    await this.#closeHandle();
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = this.#drain().finally(() => {
      this.#running = null;
      if (this.#pending.length > 0 || (this.#handlePath !== null && this.#handlePath !== this.#path)) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      // Everything queued so far, written in runs of lines for the same path.
      const queued = this.#pending;
      this.#pending = [];
      for (let start = 0; start < queued.length;) {
        const path = queued[start].path;
        let end = start + 1;
        while (end < queued.length && queued[end].path === path) end++;
        await this.#writeRun(
          path,
          queued.slice(start, end).map((p) => p.text),
        );
        start = end;
      }
    }
    if (this.#handlePath !== null && this.#handlePath !== this.#path) await this.#closeHandle();
    // A new path is opened at once, so a file that cannot be written is reported when the
    // setting changes, not at the next request; a failing one is retried when its time has come.
    const path = this.#path;
    if (path === null || this.#handlePath === path) return;
    if (this.#error !== null && this.#now() < this.#retryAt) return;
    try {
      await this.#openFile(path);
      this.#recovered(path);
    } catch (err) {
      if (path === this.#path) this.#fail(path, err instanceof Error ? err.message : String(err));
    }
  }

  #recovered(path: string): void {
    if (this.#error === null || path !== this.#path) return;
    this.#clearError();
    this.#onRecovered(`Log file ${path} is written again.`);
  }

  async #writeRun(path: string, texts: string[]): Promise<void> {
    // A run for a path that failed meanwhile waits for the retry like the lines after it.
    if (this.#error !== null && path === this.#path && this.#now() < this.#retryAt) {
      this.#dropped += texts.length;
      return;
    }
    this.#written = 0;
    try {
      if (this.#handlePath !== path) await this.#openFile(path);
      await this.#append(path, texts);
      this.#recovered(path);
    } catch (err) {
      await this.#closeHandle();
      // The rest queued for this path would fail the same way: drop it until the retry.
      const rest = this.#pending.filter((p) => p.path === path).length;
      if (rest > 0) this.#pending = this.#pending.filter((p) => p.path !== path);
      this.#dropped += texts.length - this.#written + rest;
      const reason = err instanceof Error ? err.message : String(err);
      if (path === this.#path) this.#fail(path, reason);
      else this.#onProblem(this.#message(path, reason));
    }
  }

  #message(path: string, reason: string): string {
    return `Log file ${path} cannot be written (${reason}); log lines are kept in memory only (/admin/logs), and writing is retried every ${Math.round(this.#retryMs / 1000)} s.`;
  }

  #fail(path: string, reason: string): void {
    const message = this.#message(path, reason);
    this.#retryAt = this.#now() + this.#retryMs;
    if (this.#error === message) return;
    this.#error = message;
    this.#since = this.#now();
    this.#onProblem(message);
  }

  #clearError(): void {
    this.#error = null;
    this.#since = null;
    this.#retryAt = 0;
  }

  async #openFile(path: string): Promise<void> {
    await this.#closeHandle();
    const problem = logFilePathProblem(path);
    if (problem) throw new Error(`the path is not usable: ${problem}`);
    const handle = await open(path, 'a', 0o640);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
      this.#size = stat.size;
    } catch (err) {
      await handle.close();
      throw err;
    }
    this.#handle = handle;
    this.#handlePath = path;
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    this.#handlePath = null;
    this.#size = 0;
    await handle?.close().catch(() => undefined);
  }

  /** Appends `texts`, rotating before a line that would push the file past the limit. */
  async #append(path: string, texts: string[]): Promise<void> {
    let chunk: string[] = [];
    let chunkBytes = 0;
    for (const text of texts) {
      const bytes = Buffer.byteLength(text);
      if (this.#size + chunkBytes + bytes > this.#maxBytes && this.#size + chunkBytes > 0) {
        await this.#writeChunk(chunk, chunkBytes);
        chunk = [];
        chunkBytes = 0;
        await this.#rotate(path);
      }
      chunk.push(text);
      chunkBytes += bytes;
    }
    await this.#writeChunk(chunk, chunkBytes);
  }

  async #writeChunk(chunk: string[], bytes: number): Promise<void> {
    if (chunk.length === 0) return;
    await this.#handle!.appendFile(chunk.join(''));
    this.#size += bytes;
    this.#written += chunk.length;
  }

  /** `<path>.4` → `.5` (replacing the oldest), …, `<path>` → `.1`, then a new, empty `<path>`. */
  async #rotate(path: string): Promise<void> {
    await this.#closeHandle();
    for (let i = this.#keep - 1; i >= 1; i--) {
      await rename(`${path}.${i}`, `${path}.${i + 1}`).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    await rename(path, `${path}.1`);
    await this.#openFile(path);
  }
}

/** One log line as the file holds it: `<ISO time> <LEVEL> <message>`, newlines escaped. */
export function formatLogLine(entry: { timestamp: string; level: string; message: string }): string {
  return `${entry.timestamp} ${entry.level} ${entry.message.replace(/\r?\n/g, '\\n')}`;
}
