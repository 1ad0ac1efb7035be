// Changes tests make to the estate between syncs. Each applies what Proxmox would show afterwards
// (including the task a real action leaves in the node's history) and returns what changed.
import { generateGuest } from './estate/build';
import type { NameBook } from './estate/guest-common';
import { runtimeFor } from './estate/guest-common';
import { makeTask } from './estate/tasks';
import type { Backup, Estate, EstateCluster, Guest, GuestStatus, GuestType, Snapshot, Task } from './estate/types';
import { gatewayOf, isIpv4Cidr } from './format';
import { rng } from './prng';

/** Overrides for `addGuest`; anything omitted is generated as for the initial estate. */
export interface GuestPartial {
  type?: GuestType;
  vmid?: number;
  node?: string;
  name?: string;
  status?: GuestStatus;
  tags?: string[];
}

/** Estate changes, all addressed by cluster index (0-based). Unknown targets throw. */
export interface Mutations {
  addGuest(cluster: number, partial?: GuestPartial): Guest;
  removeGuest(cluster: number, vmid: number): Guest;
  renameGuest(cluster: number, vmid: number, name: string): { guest: Guest; previous: string };
  migrateGuest(cluster: number, vmid: number, toNode: string): { guest: Guest; from: string; to: string; task: Task };
  deleteBackup(cluster: number, volid: string): Backup;
  deleteSnapshot(cluster: number, vmid: number, name: string): { guest: Guest; snapshot: Snapshot };
  /**
   * Rolls the guest back to snapshot `name` and then deletes that snapshot: its config and the
   * `current` entry name no parent any more, while the other snapshots remain.
   */
  rollbackAndDeleteSnapshot(cluster: number, vmid: number, name: string): { guest: Guest; snapshot: Snapshot };
  /** Moves the first NIC to `newCidr` (IPv4): agent/CT interfaces, cloud-init `ipconfig0` and CT `net0`. */
  changeIp(cluster: number, vmid: number, newCidr: string): { guest: Guest; previous?: string; next: string };
  setGuestStatus(
    cluster: number,
    vmid: number,
    status: GuestStatus,
  ): { guest: Guest; previous: GuestStatus; task: Task };
}

/**
 * Creates the mutation API over a live estate. `onChange` runs after every successful change;
 * `clock` (epoch ms) timestamps the tasks the changes record.
 */
export function createMutations(
  estate: Estate,
  names: NameBook,
  onChange: () => void = () => undefined,
  clock: () => number = Date.now,
): Mutations {
  let serial = 0;
  const cluster = (c: number): EstateCluster => {
    const found = estate.clusters[c];
    if (!found) throw new Error(`simulator: no cluster with index ${c}`);
    return found;
  };
  const guest = (c: number, vmid: number): Guest => {
    const g = cluster(c).guests.find((x) => x.vmid === vmid);
    if (!g) throw new Error(`simulator: cluster ${c} has no guest ${vmid}`);
    return g;
  };
  const nodeOf = (c: number, name: string) => {
    const n = cluster(c).nodes.find((x) => x.name === name);
    if (!n) throw new Error(`simulator: cluster ${c} has no node '${name}'`);
    return n;
  };
  /** Records a finished task "now" (after the node's newest one, so history stays newest-first). */
  const record = (c: number, node: string, type: string, id: string): Task => {
    const n = nodeOf(c, node);
    const newest = n.tasks.reduce((m, t) => Math.max(m, t.starttime), 0);
    const start = Math.max(Math.floor(clock() / 1000), estate.now, newest + 1);
    const task = makeTask(rng(estate.seed, 'mutation', c, ++serial), node, type, id, 'root@pam!proxbox', start, 2);
    n.tasks.unshift(task);
    return task;
  };
  const done = <T>(value: T): T => {
    onChange();
    return value;
  };
  const prefix = (g: Guest) => (g.type === 'qemu' ? 'qm' : 'vz');

  return {
    addGuest(c, partial = {}) {
      const cl = cluster(c);
      // Like a cautious admin: never reuse a vmid that still has backups.
      const highest = [...cl.guests.map((g) => g.vmid), ...cl.backups.map((b) => b.vmid)].reduce(
        (m, v) => Math.max(m, v),
        99,
      );
      const vmid = partial.vmid ?? highest + 1;
      if (vmid < 100 || cl.guests.some((x) => x.vmid === vmid))
        throw new Error(`simulator: vmid ${vmid} is not free in cluster ${c}`);
      const node = partial.node ?? cl.nodes[vmid % cl.nodes.length].name;
      nodeOf(c, node);
      const g = generateGuest(cl, estate.seed, vmid - 100, node, names, estate.now, partial.type);
      if (partial.name) g.name = partial.name;
      if (partial.tags) g.tags = [...partial.tags];
      if (partial.status && partial.status !== g.status && !g.template) {
        g.status = partial.status;
        g.runtime = runtimeFor(rng(estate.seed, 'added', c, vmid), g.status, g.memoryMiB * 1048576, 0, estate.now);
      }
      cl.guests.push(g);
      record(c, node, `${prefix(g)}create`, String(vmid));
      return done(g);
    },
    removeGuest(c, vmid) {
      const g = guest(c, vmid);
      const cl = cluster(c);
      cl.guests.splice(cl.guests.indexOf(g), 1);
      cl.replication = cl.replication.filter((j) => j.guest !== vmid);
      record(c, g.node, `${prefix(g)}destroy`, String(vmid));
      return done(g);
    },
    renameGuest(c, vmid, name) {
      const g = guest(c, vmid);
      const previous = g.name;
      g.name = name;
      return done({ guest: g, previous });
    },
    migrateGuest(c, vmid, toNode) {
      const g = guest(c, vmid);
      nodeOf(c, toNode);
      const from = g.node;
      if (from === toNode) throw new Error(`simulator: guest ${vmid} already lives on ${toNode}`);
      const task = record(c, from, g.type === 'qemu' ? 'qmigrate' : 'vzmigrate', String(vmid));
      g.node = toNode;
      for (const j of cluster(c).replication) if (j.guest === vmid && j.target === toNode) j.target = from;
      return done({ guest: g, from, to: toNode, task });
    },
    deleteBackup(c, volid) {
      const cl = cluster(c);
      const i = cl.backups.findIndex((b) => b.volid === volid);
      if (i < 0) throw new Error(`simulator: cluster ${c} has no backup '${volid}'`);
      const [removed] = cl.backups.splice(i, 1);
      return done(removed);
    },
    deleteSnapshot(c, vmid, name) {
      const g = guest(c, vmid);
      const i = g.snapshots.findIndex((s) => s.name === name);
      if (i < 0) throw new Error(`simulator: guest ${vmid} has no snapshot '${name}'`);
      const [snapshot] = g.snapshots.splice(i, 1);
      for (const s of g.snapshots) if (s.parent === name) s.parent = snapshot.parent;
      record(c, g.node, `${prefix(g)}delsnapshot`, String(vmid));
      return done({ guest: g, snapshot });
    },
    rollbackAndDeleteSnapshot(c, vmid, name) {
      const g = guest(c, vmid);
      const i = g.snapshots.findIndex((s) => s.name === name);
      if (i < 0) throw new Error(`simulator: guest ${vmid} has no snapshot '${name}'`);
      record(c, g.node, `${prefix(g)}rollback`, String(vmid));
      const [snapshot] = g.snapshots.splice(i, 1);
      for (const s of g.snapshots) if (s.parent === name) s.parent = snapshot.parent;
      g.currentDetached = true;
      record(c, g.node, `${prefix(g)}delsnapshot`, String(vmid));
      return done({ guest: g, snapshot });
    },
    changeIp(c, vmid, newCidr) {
      if (!isIpv4Cidr(newCidr)) throw new Error(`simulator: '${newCidr}' is not an IPv4 CIDR`);
      const g = guest(c, vmid);
      const nic = g.nics[0];
      if (!nic) throw new Error(`simulator: guest ${vmid} has no NIC`);
      const previous = nic.ip4;
      nic.ip4 = newCidr;
      nic.gw4 = gatewayOf(newCidr);
      return done({ guest: g, previous, next: newCidr });
    },
    setGuestStatus(c, vmid, status) {
      const g = guest(c, vmid);
      if (g.template && status === 'running') throw new Error(`simulator: guest ${vmid} is a template and cannot run`);
      const previous = g.status;
      g.status = status;
      g.runtime = runtimeFor(
        rng(estate.seed, 'restart', c, vmid, ++serial),
        status,
        g.memoryMiB * 1048576,
        g.runtime.diskUsed || 1073741824,
        estate.now,
      );
      if (status === 'running') g.runtime.uptime = 5;
      const task = record(c, g.node, `${prefix(g)}${status === 'running' ? 'start' : 'stop'}`, String(vmid));
      return done({ guest: g, previous, task });
    },
  };
}
