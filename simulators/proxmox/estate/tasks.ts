// Task history per node (`/var/log/pve/tasks/index`): guest starts, snapshots, backups, console
// sessions, node upkeep – newest first, capped like the rotated index (~2000 per node).
import { rng, type Rng } from '../prng';
import { encodeUpid } from '../upid';
import { dayStart } from './backups';
import { LXC_MISC_TASKS, QEMU_MISC_TASKS, TASK_ERRORS } from './names';
import type { Backup, EstateNode, Guest, Task } from './types';

/** Finished tasks reachable through the rotated index files. */
export const TASK_INDEX_CAP = 2000;

/** Who starts tasks: mostly root, some an admin, some the sync's own API token. */
function pickUser(r: Rng): string {
  const x = r.next();
  return x < 0.7 ? 'root@pam' : x < 0.8 ? 'root@pam!proxbox' : 'admin@pve';
}

/** Creates a task; `duration` undefined means still running. */
export function makeTask(
  r: Rng,
  node: string,
  type: string,
  id: string,
  user: string,
  starttime: number,
  duration?: number,
  status = 'OK',
): Task {
  const pid = r.int(1000, 4194303);
  const pstart = r.int(100000, 900000000);
  const task: Task = {
    upid: encodeUpid({ node, pid, pstart, starttime, type, id, user }),
    node,
    pid,
    pstart,
    starttime,
    type,
    id,
    user,
  };
  if (duration !== undefined) {
    task.endtime = starttime + duration;
    task.status = status;
  }
  return task;
}

/** OK for most; a few warnings and errors, as a real index has. */
function outcome(r: Rng, vmid: number): string {
  const x = r.next();
  if (x < 0.03) return `WARNINGS: ${r.int(1, 3)}`;
  if (x < 0.06) return r.pick(TASK_ERRORS).replace('{vmid}', String(vmid));
  return 'OK';
}

function guestTasks(seed: number, clusterIndex: number, g: Guest, now: number): Task[] {
  const r = rng(seed, 'tasks', clusterIndex, g.vmid);
  const prefix = g.type === 'qemu' ? 'qm' : 'vz';
  const id = String(g.vmid);
  const out: Task[] = [];
  if (g.status === 'running' && g.runtime.uptime < 30 * 86400) {
    out.push(
      makeTask(r, g.node, `${prefix}start`, id, pickUser(r), now - g.runtime.uptime - r.int(2, 20), r.int(1, 8)),
    );
  }
  for (const s of g.snapshots)
    out.push(makeTask(r, g.node, `${prefix}snapshot`, id, pickUser(r), s.snaptime - r.int(1, 5), r.int(1, 40)));
  const misc = g.type === 'qemu' ? QEMU_MISC_TASKS : LXC_MISC_TASKS;
  for (let k = r.int(0, 3); k > 0; k--) {
    const start = now - r.int(3600, 30 * 86400);
    out.push(makeTask(r, g.node, r.pick(misc), id, pickUser(r), start, r.int(1, 600), outcome(r, g.vmid)));
  }
  return out;
}

/** Per-node upkeep: daily `aptupdate`, the nightly multi-guest backup job, occasional network reloads. */
function nodeTasks(
  seed: number,
  clusterIndex: number,
  node: EstateNode,
  now: number,
  pbsBackupsByDay: Map<number, number>,
): Task[] {
  const r = rng(seed, 'node-tasks', clusterIndex, node.name);
  const out: Task[] = [];
  for (let d = 1; d <= 30; d++) {
    const day = dayStart(now) - d * 86400;
    out.push(makeTask(r, node.name, 'aptupdate', '', 'root@pam', day + 4 * 3600 + r.int(0, 3000), r.int(5, 40)));
    if ((pbsBackupsByDay.get(day) ?? 0) > 0) {
      out.push(
        makeTask(
          r,
          node.name,
          'vzdump',
          '',
          'root@pam',
          day + 3600 - 30,
          r.int(600, 3000),
          r.chance(0.05) ? 'job errors' : 'OK',
        ),
      );
    }
    if (r.chance(0.1))
      out.push(makeTask(r, node.name, 'srvreload', 'networking', 'root@pam', day + r.int(0, 86399), 1, outcome(r, 0)));
  }
  return out;
}

/**
 * Fills every node's `tasks` (newest first). Local backups get their own single-guest vzdump task;
 * the first node also has one running console session (visible with `source=active|all`).
 */
export function assignTasks(
  seed: number,
  clusterIndex: number,
  nodes: EstateNode[],
  guests: Guest[],
  backups: Backup[],
  now: number,
): void {
  const byNode = new Map<string, Task[]>(nodes.map((n) => [n.name, []]));
  const pbsByDay = new Map<number, number>();
  for (const b of backups) {
    if (b.storage === 'pbs') pbsByDay.set(dayStart(b.ctime), (pbsByDay.get(dayStart(b.ctime)) ?? 0) + 1);
    else if (b.node && byNode.has(b.node)) {
      const r = rng(seed, 'backup-task', clusterIndex, b.volid);
      byNode
        .get(b.node)!
        .push(makeTask(r, b.node, 'vzdump', String(b.vmid), 'root@pam', b.ctime - r.int(1, 4), r.int(20, 900)));
    }
  }
  for (const g of guests) byNode.get(g.node)?.push(...guestTasks(seed, clusterIndex, g, now));
  for (const node of nodes) byNode.get(node.name)!.push(...nodeTasks(seed, clusterIndex, node, now, pbsByDay));
  for (const [i, node] of nodes.entries()) {
    const list = byNode.get(node.name)!.sort((a, b) => b.starttime - a.starttime || (a.upid < b.upid ? 1 : -1));
    list.length = Math.min(list.length, TASK_INDEX_CAP);
    if (i === 0) {
      const target = guests.find((g) => g.node === node.name && g.status === 'running');
      const r = rng(seed, 'running', clusterIndex);
      list.unshift(
        makeTask(
          r,
          node.name,
          target ? 'vncproxy' : 'vncshell',
          target ? String(target.vmid) : '',
          'admin@pve',
          now - 240,
        ),
      );
    }
    node.tasks = list;
  }
}
