// The backend's recent log, in memory (proxbox-api's /admin/logs): one line per backend request
// (method, path without its query, status, duration) and per failed request, the last 1000
// lines, with live subscribers for /admin/logs/stream. It lives in the process: a restart or
// another backend process starts empty. Nothing secret is logged (no headers, bodies or queries).

export interface LogEntry {
  id: number;
  timestamp: string;
  level: 'INFO' | 'WARNING' | 'ERROR';
  message: string;
}

const CAPACITY = 1000;
const ring: LogEntry[] = [];
const listeners = new Set<(entry: LogEntry) => void>();
let nextId = 1;

/** Appends a line and hands it to the live streams. */
export function logLine(level: LogEntry['level'], message: string, now = new Date()): LogEntry {
  const entry: LogEntry = { id: nextId++, timestamp: now.toISOString(), level, message };
  ring.push(entry);
  if (ring.length > CAPACITY) ring.splice(0, ring.length - CAPACITY);
  for (const listener of listeners) listener(entry);
  return entry;
}

/** The last `limit` lines (oldest first), optionally only those after id `after`. */
export function recentLogs(limit = 200, after = 0): LogEntry[] {
  return ring.filter((e) => e.id > after).slice(-Math.max(1, Math.min(limit, CAPACITY)));
}

/** Calls `listener` with every new line until the returned function is called. */
export function subscribeLogs(listener: (entry: LogEntry) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Tests: forget everything. */
export function clearLogs(): void {
  ring.length = 0;
}

const KEEPALIVE_MS = 15_000;

/**
 * `/admin/logs/stream`: the recent lines, then new ones as they are logged, as `event: log`
 * frames (`: keepalive` every 15 s), until the client disconnects.
 */
export function logStream(signal: AbortSignal, backlog: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (e: LogEntry) =>
        controller.enqueue(encoder.encode(`id: ${e.id}\nevent: log\ndata: ${JSON.stringify(e)}\n\n`));
      if (backlog > 0) for (const e of recentLogs(backlog)) send(e);
      const unsubscribe = subscribeLogs(send);
      const timer = setInterval(() => controller.enqueue(encoder.encode(': keepalive\n\n')), KEEPALIVE_MS);
      stop = () => {
        unsubscribe();
        clearInterval(timer);
      };
      signal.addEventListener(
        'abort',
        () => {
          stop();
          controller.close();
        },
        { once: true },
      );
    },
    cancel() {
      stop();
    },
  });
}
