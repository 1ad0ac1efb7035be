import type { Database } from '@/db/client';
import { proxboxPluginSettings } from '@/db/schema';
import { LOG_FILE_FOLLOW_MS } from './log-file-config';
import { formatLogLine, LogFileSink, type LogFileStatus } from './log-file';
import { logLine, subscribeLogs } from './log-ring';

// Connects the backend's log to its file: the process's one LogFileSink receives every log line,
// and follows the setting backend_log_file_path, re-read every FOLLOW_MS, so a change saved in
// the settings form or the API (by this process or another one) applies within that time without
// a restart. A file that cannot be written is reported once on the server's console and once as
// a WARNING line of the log itself (what /admin/logs and its stream show), and in status().

interface LogFileState {
  sink: LogFileSink;
  unsubscribe: () => void;
  timer: NodeJS.Timeout | null;
}

const stateKey = Symbol.for('proxbox.backend-log-file');
type GlobalWithLogFile = typeof globalThis & { [stateKey]?: LogFileState };

function createSink(): LogFileSink {
  return new LogFileSink({
    onProblem: (message) => {
      console.warn(`Proxbox backend: ${message}`);
      logLine('WARNING', message);
    },
    onRecovered: (message) => {
      console.warn(`Proxbox backend: ${message}`);
      logLine('INFO', message);
    },
  });
}

/** The process's log file, subscribed to the log on first use. */
export function logFileSink(): LogFileSink {
  const g = globalThis as GlobalWithLogFile;
  if (!g[stateKey]) {
    const sink = createSink();
    g[stateKey] = { sink, unsubscribe: subscribeLogs((entry) => sink.write(formatLogLine(entry))), timer: null };
  }
  return g[stateKey].sink;
}

/** The log file's state: off (no path or not started), ok, or failing with the reason. */
export function logFileStatus(): LogFileStatus {
  const g = globalThis as GlobalWithLogFile;
  return g[stateKey]?.sink.status() ?? { path: null, state: 'off', error: null, since: null, dropped: 0 };
}

/** Reads backend_log_file_path and points the log file at it (no settings row yet: unchanged). */
export async function applyLogFileSetting(db: Database): Promise<void> {
  const [row] = await db
    .select({ path: proxboxPluginSettings.backendLogFilePath })
    .from(proxboxPluginSettings)
    .limit(1);
  if (row) logFileSink().setPath(row.path);
}

/** Starts writing the log file of this backend process (once) and following its setting. */
export async function startLogFile(getDb: () => Promise<Database>): Promise<void> {
  logFileSink();
  const state = (globalThis as GlobalWithLogFile)[stateKey]!;
  if (state.timer) return;
  const follow = () =>
    getDb()
      .then(applyLogFileSetting)
      .catch((error: unknown) =>
        console.error(
          'Proxbox backend: reading backend_log_file_path failed:',
          error instanceof Error ? error.message : error,
        ),
      );
  state.timer = setInterval(() => void follow(), LOG_FILE_FOLLOW_MS);
  state.timer.unref();
  await follow();
}

/** Stops following the setting, flushes and closes the file, and forgets the sink (shutdown, tests). */
export async function stopLogFile(): Promise<void> {
  const g = globalThis as GlobalWithLogFile;
  const state = g[stateKey];
  if (!state) return;
  delete g[stateKey];
  if (state.timer) clearInterval(state.timer);
  state.unsubscribe();
  await state.sink.close();
}
