import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as health from '@/app/api/backend/health/route';
import * as logs from '@/app/api/backend/admin/logs/route';
import * as logStreamRoute from '@/app/api/backend/admin/logs/stream/route';
import { proxboxPluginSettings } from '@/db/schema';
import { createApiKey } from '@/lib/auth/api-keys';
import { backendRoleRefused } from '@/lib/backend/auth';
import { LOG_FILE_PATH_MESSAGE } from '@/lib/backend/log-file-config';
import { applyLogFileSetting, logFileSink, logFileStatus, stopLogFile } from '@/lib/backend/log-file-setting';
import { recentLogs } from '@/lib/backend/log-ring';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { systemActor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { updateRecord } from '@/lib/data/records';
import { openStreamCounts } from '@/lib/sync/jobs/event-stream';
import { testDriver } from '../../helpers/db';
import { callJson as apiJson, setupApi, teardownApi, type ApiEnv } from '../api/helpers';

// The backend_log_file_path setting end to end: validated on save (form and API), followed by the
// backend's log file without a restart, a file that cannot be written reported (server console,
// the log itself, /health, /admin/logs) while logging goes on in memory; and /admin/logs with its
// stream for administrators only, each followed log holding one server-sent-event slot.

let env: ApiEnv;
let settingsId: number;
let dir: string;
let viewerKey: string;
let operatorKey: string;

beforeAll(async () => {
  env = await setupApi();
  await ensureSettings(env.db.db);
  [{ id: settingsId }] = await env.db.db.select({ id: proxboxPluginSettings.id }).from(proxboxPluginSettings);
  viewerKey = env.readOnlyKey;
  operatorKey = (await createApiKey(systemActor, { description: 'operator', role: 'operator' })).key;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-log-setting-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await stopLogFile();
  fs.rmSync(dir, { recursive: true, force: true });
  await teardownApi(env);
});

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
function backend(route: Record<string, unknown>, url: string, key: string | null, signal?: AbortSignal) {
  const headers = key ? { 'x-proxbox-api-key': key } : undefined;
  const req = new Request(`http://proxbox.test/api/backend/${url}`, { headers, signal });
  return (route.GET as Handler)(req, { params: Promise.resolve({}) });
}
async function backendJson(route: Record<string, unknown>, url: string, key: string | null) {
  const res = await backend(route, url, key);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function setPath(value: string): Promise<void> {
  await updateRecord(systemActor, 'settings', settingsId, { backendLogFilePath: value });
  await applyLogFileSetting(env.db.db);
  await logFileSink().flush();
}

const fileLines = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /, '<time> ').replace(/\d+ ms$/, 'N ms'));

describe(`backend_log_file_path (${testDriver})`, () => {
  it('refuses a relative path, control characters and a directory, in the form and the API', async () => {
    for (const bad of ['proxbox.log', '../proxbox.log', '/var/log/a\u0000b', '/var/log/\u0007.log', '/var/log/']) {
      const error = await updateRecord(systemActor, 'settings', settingsId, { backendLogFilePath: bad }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fieldErrors).toEqual({ backendLogFilePath: [LOG_FILE_PATH_MESSAGE] });
    }
    expect(
      await apiJson(env, 'PATCH', `/api/plugins/proxbox/settings/${settingsId}/`, {
        body: { backend_log_file_path: 'logs/proxbox.log' },
      }),
    ).toMatchObject({ status: 400, body: { backend_log_file_path: [LOG_FILE_PATH_MESSAGE] } });
    const [row] = await env.db.db.select().from(proxboxPluginSettings);
    expect(row.backendLogFilePath).toBe('/var/log/proxbox.log');
  });

  it('accepts an absolute path and the empty value (file logging off)', async () => {
    const reply = await apiJson(env, 'PATCH', `/api/plugins/proxbox/settings/${settingsId}/`, {
      body: { backend_log_file_path: '' },
    });
    expect(reply).toMatchObject({ status: 200, body: { backend_log_file_path: '' } });
    await applyLogFileSetting(env.db.db);
    expect(logFileStatus()).toMatchObject({ path: null, state: 'off' });
    expect(await backendJson(health, 'health', null)).toEqual({
      status: 200,
      body: { status: 'ready', init_ok: true, log_file: 'off' },
    });
  });

  it('writes the backend log to the configured file and moves to a new path without a restart', async () => {
    const first = path.join(dir, 'first.log');
    const second = path.join(dir, 'second.log');
    await setPath(first);
    expect((await backend(health, 'health', null)).status).toBe(200);
    await logFileSink().flush();
    expect(fileLines(first)).toEqual(['<time> INFO GET /api/backend/health 200 N ms']);

    await setPath(second);
    expect((await backend(health, 'health?probe=1', null)).status).toBe(200);
    await logFileSink().flush();
    expect(fileLines(first)).toEqual(['<time> INFO GET /api/backend/health 200 N ms']);
    expect(fileLines(second)).toEqual(['<time> INFO GET /api/backend/health 200 N ms']);
    expect(logFileStatus()).toEqual({ path: second, state: 'ok', error: null, since: null, dropped: 0 });
  });

  it('keeps logging in memory when the file cannot be written, and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const file = path.join(dir, 'missing', 'proxbox.log');
    await setPath(file);
    // Known as soon as the setting is applied, before a line is written; still healthy.
    expect(await backendJson(health, 'health', null)).toEqual({
      status: 200,
      body: { status: 'ready', init_ok: true, log_file: 'failing' },
    });
    await logFileSink().flush();
    expect((await backend(health, 'health', null)).status).toBe(200);
    await logFileSink().flush();

    const expected = `Log file ${file} cannot be written (ENOENT: no such file or directory, open '${file}'); log lines are kept in memory only (/admin/logs), and writing is retried every 30 s.`;
    expect(warn.mock.calls).toEqual([[`Proxbox backend: ${expected}`]]);
    expect(fs.existsSync(file)).toBe(false);
    expect((await backend(health, 'health', null)).status).toBe(200);
    const reply = await backendJson(logs, 'admin/logs?limit=4', env.key);
    expect(reply.status).toBe(200);
    expect(reply.body.log_file).toMatchObject({ path: file, state: 'failing', error: expected });
    expect(
      (reply.body.logs as { level: string; message: string }[]).map((l) => [
        l.level,
        l.message.replace(/\d+ ms$/, 'N ms'),
      ]),
    ).toEqual([
      // Reported when the setting was applied, before any request.
      ['WARNING', expected],
      ['INFO', 'GET /api/backend/health 200 N ms'],
      ['INFO', 'GET /api/backend/health 200 N ms'],
      ['INFO', 'GET /api/backend/health 200 N ms'],
    ]);
    // Logging goes on in memory: the read of /admin/logs is its latest line.
    expect(recentLogs(1)[0].message).toMatch(/^GET \/api\/backend\/admin\/logs 200 \d+ ms$/);
  });
});

describe('/admin/logs access', () => {
  it('is for administrator keys only, the stream as well', async () => {
    for (const [key, role] of [
      [viewerKey, 'viewer'],
      [operatorKey, 'operator'],
    ]) {
      expect(await backendJson(logs, 'admin/logs', key)).toEqual({
        status: 403,
        body: { detail: backendRoleRefused(role) },
      });
      expect(await backendJson(logStreamRoute, 'admin/logs/stream', key)).toEqual({
        status: 403,
        body: { detail: backendRoleRefused(role) },
      });
    }
    expect((await backendJson(logs, 'admin/logs', null)).status).toBe(401);
  });

  it('counts each followed log against the server-sent-event limits and frees the slot on disconnect', async () => {
    vi.stubEnv('PROXBOX_SSE_MAX_STREAMS_PER_USER', '2');
    const before = openStreamCounts().total;
    const aborts = [new AbortController(), new AbortController()];
    const open = await Promise.all(
      aborts.map((a) => backend(logStreamRoute, 'admin/logs/stream?limit=0', env.key, a.signal)),
    );
    expect(open.map((r) => [r.status, r.headers.get('content-type')])).toEqual([
      [200, 'text/event-stream; charset=utf-8'],
      [200, 'text/event-stream; charset=utf-8'],
    ]);
    expect(openStreamCounts().total).toBe(before + 2);
    const refused = await backend(logStreamRoute, 'admin/logs/stream', env.key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await refused.json()).toEqual({
      detail: 'You already follow 2 event streams; close one (at most 2 per user).',
    });

    aborts[0].abort();
    expect(openStreamCounts().total).toBe(before + 1);
    const again = new AbortController();
    const reopened = await backend(logStreamRoute, 'admin/logs/stream?limit=0', env.key, again.signal);
    expect(reopened.status).toBe(200);
    await reopened.body!.cancel();
    expect(openStreamCounts().total).toBe(before + 1);
    aborts[1].abort();
    again.abort();
    expect(openStreamCounts().total).toBe(before);
  });
});
