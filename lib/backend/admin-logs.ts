import type { VerifiedApiKey } from '@/lib/auth/api-keys';
import type { Actor } from '@/lib/data/actor';
import { assertCan } from '@/lib/data/permissions';
import { sseResponse } from '@/lib/http/sse-response';
import { acquireStreamSlot } from '@/lib/sync/jobs/event-stream';
import { logFileStatus } from './log-file-setting';
import { logStream, recentLogs } from './log-ring';

// The backend's /admin/logs and /admin/logs/stream: administrators only (the lines name every
// route called and every failure), and a followed log holds one of the caller's server-sent
// event slots like any other stream, so followers cannot exhaust the server.

/** `GET /admin/logs`: the recent lines and the state of the log file. */
export function readBackendLogs(actor: Actor, limit: number, after: number) {
  assertCan(actor, 'admin');
  const logs = recentLogs(limit, after);
  return { logs, count: logs.length, log_file: logFileStatus() };
}

/** `GET /admin/logs/stream`: 429 (StreamLimitError) when the caller or the server has no stream slot left. */
export function streamBackendLogs(actor: Actor, key: VerifiedApiKey, signal: AbortSignal, backlog: number): Response {
  assertCan(actor, 'admin');
  const slot = acquireStreamSlot(`apikey:${key.keyId}`);
  return sseResponse(logStream(signal, backlog, () => slot.release()));
}
