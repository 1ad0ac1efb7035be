import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { createContext, fieldList, renderRows } from '@/lib/api/render';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { createRecord } from '@/lib/data/records';
import { parseCsv } from '@/lib/export/csv';
import { exportStream, type ExportSpec } from '@/lib/export/export-stream';
import { getModel } from '@/lib/models/registry';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let user: Actor;
const vms = getModel('virtual-machines')!;
const names: string[] = [];

async function read(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text, chunks };
    text += decoder.decode(value, { stream: true });
    chunks++;
  }
}

const spec = (over: Partial<ExportSpec>): ExportSpec => ({
  model: vms,
  format: 'csv',
  shape: 'view',
  query: { q: '', filters: {} },
  columns: ['name', 'status', 'clusterId', 'memory'],
  origin: 'http://proxbox.test',
  batchSize: 4,
  ...over,
});

beforeAll(async () => {
  handle = await openTestDatabase();
  const [admin] = await handle.db.insert(users).values({ username: 'exporter', passwordHash: 'x' }).returning();
  user = { kind: 'user', userId: admin.id, username: 'exporter', role: 'admin' };
  const type = await createRecord(user, 'cluster-types', { name: 'Proxmox', slug: 'proxmox' });
  const cluster = await createRecord(user, 'clusters', { name: 'Lab, east', typeId: type.id });
  const tag = await createRecord(user, 'tags', { name: 'Audit', slug: 'audit' });
  for (let i = 1; i <= 10; i++) {
    const name = `vm-${String(i).padStart(2, '0')}`;
    names.push(name);
    await createRecord(user, 'virtual-machines', {
      name,
      clusterId: cluster.id,
      memory: i * 1024,
      status: i % 2 ? 'active' : 'offline',
      tags: i === 1 ? [tag.id] : [],
    });
  }
});
afterAll(closeTestDatabase);

describe(`list export (${testDriver})`, () => {
  it('writes the current view as CSV with the column labels, names of related objects and choice labels, in batches', async () => {
    const { text, chunks } = await read(await exportStream(user, spec({})));
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['Name', 'Status', 'Cluster', 'Memory (MB)']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(names);
    expect(rows[1]).toEqual(['vm-01', 'Active', 'Lab, east', '1024']);
    expect(rows[2]).toEqual(['vm-02', 'Offline', 'Lab, east', '2048']);
    // Header, then 10 rows in batches of 4: 4 + 4 + 2.
    expect(chunks).toBe(4);
  });

  it('applies the list filter', async () => {
    const { text } = await read(await exportStream(user, spec({ query: { q: '', filters: { status: ['offline'] } } })));
    expect(
      parseCsv(text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['vm-02', 'vm-04', 'vm-06', 'vm-08', 'vm-10']);
  });

  it('writes all fields as JSON identical to the API representation', async () => {
    const { text } = await read(await exportStream(user, spec({ format: 'json', shape: 'all' })));
    const exported = JSON.parse(text) as Record<string, unknown>[];
    const rows = (await handle.db.select().from(vms.table)) as Record<string, unknown>[];
    rows.sort((a, b) => (a.id as number) - (b.id as number));
    const api = await renderRows(createContext(handle.db, 'http://proxbox.test'), vms, rows, fieldList(vms, 'full'));
    expect(exported).toEqual(JSON.parse(JSON.stringify(api)));
    expect(exported).toHaveLength(10);
    expect((exported[0].tags as { slug: string }[]).map((t) => t.slug)).toEqual(['audit']);
  });

  it('writes all fields as CSV with API names, related objects by id and tags by slug', async () => {
    const { text } = await read(await exportStream(user, spec({ shape: 'all', query: { q: 'vm-01', filters: {} } })));
    const [header, row] = parseCsv(text);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(header).not.toContain('url');
    expect(cell('name')).toBe('vm-01');
    expect(cell('status')).toBe('active');
    expect(cell('cluster')).toMatch(/^\d+$/);
    expect(cell('tags')).toBe('audit');
  });

  it('writes an empty JSON list when nothing matches, and refuses a bad filter before streaming', async () => {
    const { text } = await read(
      await exportStream(user, spec({ format: 'json', query: { q: 'nothing-like-this', filters: {} } })),
    );
    expect(JSON.parse(text)).toEqual([]);
    const err = await exportStream(user, spec({ query: { q: '', filters: { memory__gte: ['lots'] } } })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation');
  });
});
