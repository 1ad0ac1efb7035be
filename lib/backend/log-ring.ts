// The backend's recent log, in memory (proxbox-api's /admin/logs): one line per backend request
// (method, path without its query, status, duration) and per failed request, the last 1000
// lines, with live subscribers for /admin/logs/stream and the log file (log-file-setting.ts). It
// lives in the process: a restart or another backend process starts empty. Nothing secret is
// logged (no headers, bodies or queries). Kept on globalThis because Next loads server modules in
// several chunks, and instrumentation.ts subscribes the log file from another one.

export interface LogEntry {
  id: number;
  timestamp: string;
  level: 'INFO' | 'WARNING' | 'ERROR';
  message: string;
}

const CAPACITY = 1000;

interface RingState {
  ring: LogEntry[];
  listeners: Set<(entry: LogEntry) => void>;
  nextId: number;
}

const stateKey = Symbol.for('proxbox.backend-log-ring');
type GlobalWithRing = typeof globalThis & { [stateKey]?: RingState };

function state(): RingState {
  const g = globalThis as GlobalWithRing;
  g[stateKey] ??= { ring: [], listeners: new Set(), nextId: 1 };
  return g[stateKey];
}

/** Appends a line and hands it to the live streams. */
export function logLine(level: LogEntry['level'], message: string, now = new Date()): LogEntry {
  const s = state();
  const entry: LogEntry = { id: s.nextId++, timestamp: now.toISOString(), level, message };
  s.ring.push(entry);
  if (s.ring.length > CAPACITY) s.ring.splice(0, s.ring.length - CAPACITY);
  for (const listener of s.listeners) listener(entry);
  return entry;
}

/** The last `limit` lines (oldest first), optionally only those after id `after`. */
export function recentLogs(limit = 200, after = 0): LogEntry[] {
  return state()
    .ring.filter((e) => e.id > after)
    .slice(-Math.max(1, Math.min(limit, CAPACITY)));
}

/** Calls `listener` with every new line until the returned function is called. */
export function subscribeLogs(listener: (entry: LogEntry) => void): () => void {
  const { listeners } = state();
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Tests: forget everything. */
export function clearLogs(): void {
  state().ring.length = 0;
}

const KEEPALIVE_MS = 15_000;

/**
 * `/admin/logs/stream`: the recent lines, then new ones as they are logged, as `event: log`
 * frames (`: keepalive` every 15 s), until the client disconnects. `onEnd` (the release of the
 * caller's stream slot) runs once when the stream ends, however it ends.
 */
export function logStream(
  signal: AbortSignal,
  backlog: number,
  onEnd: () => void = () => {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stopped = false;
  let stop = () => {
    stopped = true;
    onEnd();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (signal.aborted) {
        stop();
        return controller.close();
      }
      const send = (e: LogEntry) =>
        controller.enqueue(encoder.encode(`id: ${e.id}\nevent: log\ndata: ${JSON.stringify(e)}\n\n`));
      if (backlog > 0) for (const e of recentLogs(backlog)) send(e);
      const unsubscribe = subscribeLogs(send);
      const timer = setInterval(() => controller.enqueue(encoder.encode(': keepalive\n\n')), KEEPALIVE_MS);
      const onAbort = () => {
        stop();
        controller.close();
      };
      stop = () => {
        if (stopped) return;
        stopped = true;
        unsubscribe();
        clearInterval(timer);
        signal.removeEventListener('abort', onAbort);
        onEnd();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    },
    cancel() {
      stop();
    },
  });
}
