import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { objectChanges } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { recordChanges, type ChangeEntry } from '@/lib/data/change-log';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(closeTestDatabase);
beforeEach(async () => {
  await handle.db.delete(objectChanges);
});

const entry = (objectId: number, over: Partial<ChangeEntry> = {}): ChangeEntry => ({
  action: 'create',
  objectType: 'dcim.device',
  objectId,
  repr: `device-${objectId}`,
  pre: null,
  post: { name: `device-${objectId}` },
  ...over,
});

const stored = () => handle.db.select().from(objectChanges).orderBy(asc(objectChanges.id));

describe(`the change-log writer (${testDriver})`, () => {
  it('writes more entries than one INSERT can bind (65,535 parameters), in order, under the sync run id', async () => {
    const entries = Array.from({ length: 8000 }, (_, i) => entry(i + 1));
    await recordChanges(handle.db, { kind: 'sync', runId: 'run-7' }, entries);
    const rows = await stored();
    expect(rows).toHaveLength(8000);
    expect(rows.map((r) => r.changedObjectId)).toEqual(entries.map((e) => e.objectId));
    expect(new Set(rows.map((r) => r.requestId))).toEqual(new Set(['run-7']));
    expect(new Set(rows.map((r) => r.userName))).toEqual(new Set(['sync']));
    expect(rows.every((r) => r.userId === null)).toBe(true);
    expect(rows[7999]).toMatchObject({
      action: 'create',
      objectRepr: 'device-8000',
      postchangeData: { name: 'device-8000' },
    });
  });

  it('trims the repr to 200 characters and skips the change log itself', async () => {
    await recordChanges(handle.db, { kind: 'system' }, [
      entry(1, { repr: 'x'.repeat(250) }),
      entry(2, { objectType: 'core.objectchange' }),
      entry(3, { action: 'delete', pre: { name: 'gone' }, post: null }),
    ]);
    const rows = await stored();
    expect(rows.map((r) => [r.changedObjectId, r.action, r.objectRepr.length])).toEqual([
      [1, 'create', 200],
      [3, 'delete', 8],
    ]);
    expect(rows[1].prechangeData).toEqual({ name: 'gone' });
    expect(rows[1].postchangeData).toBeNull();
    // One call is one request: both rows share a fresh id, and a second call gets another.
    expect(rows[0].requestId).toBe(rows[1].requestId);
    await recordChanges(handle.db, { kind: 'system' }, [entry(4)]);
    const [, , again] = await stored();
    expect(again.requestId).not.toBe(rows[0].requestId);
    expect(again.userName).toBe('system');
  });

  it('writes nothing for an empty list or only change-log entries', async () => {
    await recordChanges(handle.db, { kind: 'sync', runId: 'run-8' }, []);
    await recordChanges(handle.db, { kind: 'sync', runId: 'run-8' }, [entry(1, { objectType: 'core.objectchange' })]);
    const [{ n }] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(objectChanges);
    expect(n).toBe(0);
  });

  it("names the API key and keeps a caller's request id", async () => {
    await recordChanges(
      handle.db,
      { kind: 'apikey', keyId: 'k1', description: 'ci', role: 'admin', requestId: 'req-1' },
      [entry(1)],
    );
    const [row] = await stored();
    expect([row.userName, row.requestId, row.userId]).toEqual(['api-key:k1', 'req-1', null]);
  });
});
