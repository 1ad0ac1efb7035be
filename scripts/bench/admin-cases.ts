import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { asc, count, eq } from 'drizzle-orm';
import { openDatabase, setDatabase, closeDatabase } from '@/db/client';
import { tags, users, virtualMachines } from '@/db/schema';
import { bulkUpdate } from '@/lib/data/bulk';
import type { HttpSession } from './http-session';

// The admin pages' heavy cases: a streamed CSV export of every VM (time to last byte, and the
// server's resident memory while it streams) and a bulk edit of 10,000 ticked VMs (add a tag,
// one transaction, one change-log row per VM) through the same DAL call the list's bulk edit
// makes, run in this process against the benchmark database.

/** Resident set size of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export interface ExportResult {
  rows: number;
  bytes: number;
  last_byte_ms: number;
  server_rss_before_mib: number | null;
  server_rss_peak_mib: number | null;
}

/** GET /virtual-machines/export?format=csv: every VM, measured to the last byte. */
export async function measureExport(
  session: HttpSession,
  pid: number | undefined,
  expectedRows: number,
): Promise<ExportResult> {
  const before = pid ? rssMiB(pid) : null;
  let peak = before;
  const timer = setInterval(() => {
    const now = pid ? rssMiB(pid) : null;
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, 20);
  try {
    const res = await session.get('/virtual-machines/export?format=csv&shape=view');
    if (res.status !== 200) throw new Error(`export_csv: answered ${res.status}: ${res.body.slice(0, 300)}`);
    const rows = res.body.split('\r\n').filter(Boolean).length - 1;
    if (rows !== expectedRows) throw new Error(`export_csv: ${rows} rows, expected ${expectedRows}`);
    return {
      rows,
      bytes: Buffer.byteLength(res.body),
      last_byte_ms: Math.round(res.ms),
      server_rss_before_mib: round(before),
      server_rss_peak_mib: round(peak),
    };
  } finally {
    clearInterval(timer);
  }
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export interface BulkEditResult {
  selected: number;
  changed: number;
  ms: number;
}

/** Adds a new tag to the first `count` VMs (by id) as the signed-in admin would from the list. */
export async function measureBulkEdit(databaseUrl: string, count: number): Promise<BulkEditResult> {
  const handle = await openDatabase({ url: databaseUrl, migrate: false });
  setDatabase(handle);
  try {
    const [admin] = await handle.db.select().from(users).where(eq(users.username, 'admin')).limit(1);
    if (!admin) throw new Error('bulk_edit: no admin user');
    const slug = `bench-${randomUUID().slice(0, 8)}`;
    const [tag] = await handle.db.insert(tags).values({ name: slug, slug }).returning();
    const ids = (
      await handle.db
        .select({ id: virtualMachines.id })
        .from(virtualMachines)
        .orderBy(asc(virtualMachines.id))
        .limit(count)
    ).map((r) => r.id);
    const start = performance.now();
    const result = await bulkUpdate(
      { kind: 'user', userId: admin.id, username: admin.username, role: 'admin' },
      'virtual-machines',
      { ids },
      { addTags: [tag.id] },
    );
    const ms = Math.round(performance.now() - start);
    if (result.changed !== ids.length) throw new Error(`bulk_edit: changed ${result.changed} of ${ids.length}`);
    return { ...result, ms };
  } finally {
    await closeDatabase();
  }
}

/** How many VMs the export must write. */
export async function countVms(databaseUrl: string): Promise<number> {
  const handle = await openDatabase({ url: databaseUrl, migrate: false });
  try {
    const [{ n }] = await handle.db.select({ n: count() }).from(virtualMachines);
    return Number(n);
  } finally {
    await handle.close();
  }
}
