import { Badge, type BadgeTone } from '@/components/data-table/badge';
import { formatCount, formatDatetime } from '@/components/data-table/format';
import type { BackendLog } from '@/lib/backend-client/admin';
import { LOG_FILE_KEEP, LOG_FILE_MAX_BYTES } from '@/lib/backend/log-file-config';

// The backend log page's two parts: where the log file stands (written, off, or failing and why)
// and the recent lines, newest first.

export function LogFileState({ file }: { file: BackendLog['log_file'] }) {
  const dropped =
    file.dropped > 0 ? ` ${formatCount(file.dropped)} line(s) could not be written to a file since the start.` : '';
  if (file.state === 'failing')
    return (
      <div role="alert" className="card mb-3 p-3 text-red-700 dark:text-red-400">
        <p className="font-medium">
          The log file is not written{file.since ? ` (since ${formatDatetime(file.since)})` : ''}.
        </p>
        <p className="mt-1 text-sm">{file.error}</p>
        {dropped && <p className="mt-1 text-sm">{dropped.trim()}</p>}
      </div>
    );
  return (
    <p className="card mb-3 p-3 text-sm text-zinc-700 dark:text-zinc-300">
      {file.state === 'ok' ? (
        <>
          Log file: <span className="font-mono">{file.path}</span> (appended, rotated at{' '}
          {LOG_FILE_MAX_BYTES / 1024 / 1024} MiB, {LOG_FILE_KEEP} older files kept).
        </>
      ) : (
        'No log file: the setting “Backend log file” is empty, so the log is kept in memory only.'
      )}
      {dropped}
    </p>
  );
}

const LEVEL_TONE: Record<BackendLog['logs'][number]['level'], BadgeTone> = {
  INFO: 'gray',
  WARNING: 'yellow',
  ERROR: 'red',
};

export function LogLines({ lines }: { lines: BackendLog['logs'] }) {
  if (lines.length === 0)
    return (
      <p className="card p-3 text-zinc-600 dark:text-zinc-400">The backend has logged nothing since it started.</p>
    );
  return (
    <div className="card overflow-x-auto">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Level</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {[...lines].reverse().map((line) => (
            <tr key={line.id}>
              <td className="whitespace-nowrap">{formatDatetime(line.timestamp)}</td>
              <td>
                <Badge tone={LEVEL_TONE[line.level]}>{line.level}</Badge>
              </td>
              <td className="font-mono text-xs break-all">{line.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
