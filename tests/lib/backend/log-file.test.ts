import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatLogLine, LogFileSink } from '@/lib/backend/log-file';
import { LOG_FILE_PATH_MESSAGE, logFilePathProblem } from '@/lib/backend/log-file-config';

// The backend log file on its own: lines appended in order, rotation at the size limit with a
// fixed number of older files, a path change, and a file that cannot be written. Every file
// lives in a fresh temporary directory.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-log-'));
});
afterEach(() => {
  fs.chmodSync(dir, 0o700);
  fs.rmSync(dir, { recursive: true, force: true });
});

const read = (file: string) => fs.readFileSync(file, 'utf8');
/** `line 007 xxxxxxxxxx` and its newline: 20 bytes. */
const line = (i: number) => `line ${String(i).padStart(3, '0')} xxxxxxxxxx`;
const isRoot = process.getuid?.() === 0;

describe('backend log file', () => {
  it('appends every line, in order, to an existing file', async () => {
    const file = path.join(dir, 'proxbox.log');
    fs.writeFileSync(file, 'earlier\n');
    const sink = new LogFileSink();
    sink.setPath(file);
    for (let i = 0; i < 1200; i++) sink.write(line(i));
    await sink.close();
    expect(read(file)).toBe(`earlier\n${Array.from({ length: 1200 }, (_, i) => `${line(i)}\n`).join('')}`);
    expect(sink.status()).toEqual({ path: file, state: 'ok', error: null, since: null, dropped: 0 });
  });

  it('rotates before a file would pass the limit: exactly keep older files, no line lost or repeated', async () => {
    const file = path.join(dir, 'proxbox.log');
    // 100 bytes hold five 20-byte lines: 33 lines make six full files and a current one with 3
    // lines, of which only 3 older files are kept, so lines 0-14 are gone by design.
    const sink = new LogFileSink({ maxBytes: 100, keep: 3 });
    sink.setPath(file);
    for (let i = 0; i < 33; i++) {
      sink.write(line(i));
      if (i % 7 === 0) await sink.flush(); // rotations both within a batch and between batches
    }
    await sink.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['proxbox.log', 'proxbox.log.1', 'proxbox.log.2', 'proxbox.log.3']);
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => `${line(from + k)}\n`).join('');
    expect(read(`${file}.3`)).toBe(lines(15, 20));
    expect(read(`${file}.2`)).toBe(lines(20, 25));
    expect(read(`${file}.1`)).toBe(lines(25, 30));
    expect(read(file)).toBe(lines(30, 33));
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(100);
  });

  it('drops lines beyond 20,000 waiting for the disk, and counts them', async () => {
    const file = path.join(dir, 'proxbox.log');
    const sink = new LogFileSink();
    sink.setPath(file);
    // All in one tick, before the writer gets to run: 20,000 wait, the last 4 are dropped.
    for (let i = 0; i < 20_004; i++) sink.write(`l${i}`);
    await sink.close();
    expect(sink.status().dropped).toBe(4);
    expect(read(file)).toBe(Array.from({ length: 20_000 }, (_, i) => `l${i}\n`).join(''));
  });

  it('counts the bytes already in the file when it reopens it', async () => {
    const file = path.join(dir, 'proxbox.log');
    fs.writeFileSync(file, 'x'.repeat(90));
    const sink = new LogFileSink({ maxBytes: 100, keep: 2 });
    sink.setPath(file);
    sink.write(line(1));
    await sink.close();
    expect(read(`${file}.1`)).toBe('x'.repeat(90));
    expect(read(file)).toBe(`${line(1)}\n`);
  });

  it('moves to a new path: earlier lines stay in the old file, later ones go to the new', async () => {
    const first = path.join(dir, 'a.log');
    const second = path.join(dir, 'b.log');
    const sink = new LogFileSink();
    sink.setPath(first);
    sink.write('one');
    sink.write('two');
    sink.setPath(second); // before the queued lines are written
    sink.write('three');
    await sink.flush();
    expect(read(first)).toBe('one\ntwo\n');
    expect(read(second)).toBe('three\n');
    sink.setPath('');
    sink.write('nowhere');
    await sink.close();
    expect(read(second)).toBe('three\n');
    expect(sink.status()).toMatchObject({ path: null, state: 'off' });
  });

  it('reports a missing directory once, drops lines until the retry, then recovers', async () => {
    let now = Date.parse('2026-01-02T03:04:05.000Z');
    const problems: string[] = [];
    const recovered: string[] = [];
    const sink = new LogFileSink({
      retryMs: 30_000,
      now: () => now,
      onProblem: (m) => problems.push(m),
      onRecovered: (m) => recovered.push(m),
    });
    const file = path.join(dir, 'missing', 'proxbox.log');
    sink.setPath(file);
    await sink.flush();
    // Reported when the path is set, before any line is logged.
    expect(problems).toHaveLength(1);
    expect(sink.status()).toMatchObject({ state: 'failing', dropped: 0 });
    sink.write('first'); // within the retry delay: dropped without touching the disk
    await sink.flush();
    sink.write('second');
    sink.write('third');
    await sink.flush();
    expect(problems).toEqual([
      `Log file ${file} cannot be written (ENOENT: no such file or directory, open '${file}'); log lines are kept in memory only (/admin/logs), and writing is retried every 30 s.`,
    ]);
    expect(sink.status()).toEqual({
      path: file,
      state: 'failing',
      error: problems[0],
      since: '2026-01-02T03:04:05.000Z',
      dropped: 3,
    });

    now += 30_000; // the retry fails the same way: not reported again
    sink.write('fourth');
    await sink.flush();
    expect(problems).toHaveLength(1);
    expect(sink.status().dropped).toBe(4);

    fs.mkdirSync(path.dirname(file));
    sink.setPath(file); // re-applied before the retry is due: nothing happens
    await sink.flush();
    expect(recovered).toEqual([]);
    now += 30_000;
    sink.setPath(file); // re-applied when it is due: retried without waiting for a line
    await sink.flush();
    expect(recovered).toEqual([`Log file ${file} is written again.`]);
    expect(sink.status().state).toBe('ok');
    sink.write('fifth');
    await sink.close();
    expect(read(file)).toBe('fifth\n');
    expect(recovered).toHaveLength(1);
    expect(sink.status()).toEqual({ path: file, state: 'ok', error: null, since: null, dropped: 4 });
  });

  it('reports a path it cannot create and tries a new path at once', async () => {
    const parent = path.join(dir, 'not-a-directory');
    fs.writeFileSync(parent, '');
    const problems: string[] = [];
    const sink = new LogFileSink({ onProblem: (m) => problems.push(m) });
    sink.setPath(path.join(parent, 'proxbox.log'));
    sink.write('refused');
    await sink.flush();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('ENOTDIR: not a directory');
    expect(sink.status().state).toBe('failing');
    const ok = path.join(dir, 'ok.log');
    sink.setPath(ok);
    expect(sink.status()).toMatchObject({ state: 'ok', error: null });
    sink.write('accepted');
    await sink.close();
    expect(read(ok)).toBe('accepted\n');
  });

  // Root ignores permission bits, so this runs only as an ordinary user (as in production).
  it.skipIf(isRoot)('reports a directory without write permission', async () => {
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, 0o500);
    const problems: string[] = [];
    const sink = new LogFileSink({ onProblem: (m) => problems.push(m) });
    sink.setPath(path.join(locked, 'proxbox.log'));
    sink.write('refused');
    await sink.close();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('EACCES: permission denied');
    expect(sink.status()).toMatchObject({ state: 'failing', dropped: 1 });
  });

  it('refuses a relative path or a directory without writing anything', async () => {
    const problems: string[] = [];
    const sink = new LogFileSink({ onProblem: (m) => problems.push(m) });
    sink.setPath('relative/proxbox.log');
    sink.write('x');
    await sink.flush();
    expect(problems).toEqual([
      `Log file relative/proxbox.log cannot be written (the path is not usable: ${LOG_FILE_PATH_MESSAGE}); log lines are kept in memory only (/admin/logs), and writing is retried every 30 s.`,
    ]);
    expect(fs.existsSync(path.join(process.cwd(), 'relative'))).toBe(false);
    sink.setPath(dir);
    sink.write('x');
    await sink.close();
    expect(sink.status().error).toMatch(/EISDIR|is not a regular file/);
  });
});

describe('log file path rule', () => {
  it.each([
    ['', null],
    ['/var/log/proxbox.log', null],
    ['/x', null],
    ['var/log/proxbox.log', LOG_FILE_PATH_MESSAGE],
    ['./proxbox.log', LOG_FILE_PATH_MESSAGE],
    ['/', LOG_FILE_PATH_MESSAGE],
    ['/var/log/', LOG_FILE_PATH_MESSAGE],
    ['/var/log/a\u0000b', LOG_FILE_PATH_MESSAGE],
    ['/var/log/a\nb', LOG_FILE_PATH_MESSAGE],
    [' /var/log/proxbox.log', LOG_FILE_PATH_MESSAGE],
  ])('%j → %s', (value, expected) => {
    expect(logFilePathProblem(value)).toBe(expected);
  });

  it('formats one entry per line, newlines escaped', () => {
    expect(formatLogLine({ timestamp: '2026-01-02T03:04:05.000Z', level: 'ERROR', message: 'a\nb\r\nc' })).toBe(
      '2026-01-02T03:04:05.000Z ERROR a\\nb\\nc',
    );
  });
});
