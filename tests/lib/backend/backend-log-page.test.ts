import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import type { DatabaseHandle } from '@/db/client';
import { proxboxPluginSettings, users } from '@/db/schema';
import { LogFileState, LogLines } from '@/components/backend/backend-log';
import { readBackendLog } from '@/lib/backend-client/admin';
import { applyLogFileSetting, logFileSink, stopLogFile } from '@/lib/backend/log-file-setting';
import { ensureBackendRegistration } from '@/lib/bootstrap/backend-registration';
import { ensureSettings } from '@/lib/bootstrap/settings';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';
import { releaseStore, useFreshStore } from './helpers';
import { startBackend, type RunningBackend } from './http-server';

// The Backend log page (/backend/logs): the web role reads the backend's /admin/logs over HTTP
// with its backend token, for administrators only, and shows whether the log file is written.

let handle: DatabaseHandle;
let store: BackendHandle;
let backend: RunningBackend;
let dir: string;
let admin: Actor;
let operator: Actor;

beforeAll(async () => {
  handle = await openTestDatabase();
  const [a, o] = await handle.db
    .insert(users)
    .values([
      { username: 'log-admin', passwordHash: 'x' },
      { username: 'log-operator', passwordHash: 'x', role: 'operator' },
    ])
    .returning();
  admin = { kind: 'user', userId: a.id, username: a.username, role: 'admin' };
  operator = { kind: 'user', userId: o.id, username: o.username, role: 'operator' };
  store = useFreshStore();
  backend = await startBackend();
  await ensureBackendRegistration(handle.db, { useHttps: false, domain: '127.0.0.1', port: backend.port });
  await ensureSettings(handle.db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-log-page-'));
});
afterAll(async () => {
  await stopLogFile();
  await backend.stop();
  releaseStore(store);
  await closeTestDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function usePath(value: string): Promise<void> {
  await handle.db.update(proxboxPluginSettings).set({ backendLogFilePath: value });
  await applyLogFileSetting(handle.db);
  await logFileSink().flush();
}

describe(`backend log page (${testDriver})`, () => {
  it('shows the file being written and the latest lines first', async () => {
    const file = path.join(dir, 'proxbox.log');
    await usePath(file);
    expect((await fetch(`${backend.url}/health`)).status).toBe(200);
    expect((await fetch(`${backend.url}/version`)).status).toBe(200);
    const log = await readBackendLog(admin, 2);
    expect(log.log_file).toEqual({ path: file, state: 'ok', error: null, since: null, dropped: 0 });
    expect(log.logs.map((l) => l.message.replace(/\d+ ms$/, 'N ms'))).toEqual([
      'GET /health 200 N ms',
      'GET /version 200 N ms',
    ]);
    const state = renderToStaticMarkup(createElement(LogFileState, { file: log.log_file }));
    expect(state).toContain(`Log file: <span class="font-mono">${file}</span> (appended, rotated at 10 MiB, 5 older`);
    const table = renderToStaticMarkup(createElement(LogLines, { lines: log.logs }));
    const messages = [...table.matchAll(/<td class="font-mono text-xs break-all">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(messages).toEqual(log.logs.map((l) => l.message).reverse());
  });

  it('says why the file is not written, as an alert', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const file = path.join(dir, 'missing', 'proxbox.log');
    await usePath(file);
    const log = await readBackendLog(admin);
    const reason = `Log file ${file} cannot be written (ENOENT: no such file or directory, open '${file}'); log lines are kept in memory only (/admin/logs), and writing is retried every 30 s.`;
    expect(log.log_file).toMatchObject({ path: file, state: 'failing', error: reason });
    expect(log.logs.some((l) => l.level === 'WARNING' && l.message === reason)).toBe(true);
    const html = renderToStaticMarkup(createElement(LogFileState, { file: log.log_file }));
    expect(html).toMatch(/^<div role="alert"/);
    expect(html).toContain('The log file is not written (since ');
    expect(html).toContain(reason.replace(/'/g, '&#x27;'));
  });

  it('renders the empty setting as no file', async () => {
    await usePath('');
    const log = await readBackendLog(admin, 1);
    // The lines dropped while the file failed stay counted.
    expect(log.log_file).toMatchObject({ path: null, state: 'off', error: null, since: null });
    expect(log.log_file.dropped).toBeGreaterThan(0);
    expect(renderToStaticMarkup(createElement(LogFileState, { file: log.log_file }))).toBe(
      '<p class="card mb-3 p-3 text-sm text-zinc-700 dark:text-zinc-300">No log file: the setting “Backend log file” is empty, so the log is kept in memory only.' +
        ` ${log.log_file.dropped} line(s) could not be written to a file since the start.</p>`,
    );
  });

  it('is for administrators only', async () => {
    const error = await readBackendLog(operator).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'forbidden', message: 'Only administrators can read the backend log.' });
  });
});
