// Estate changes between syncs show up on the next GET, everywhere Proxmox would show them.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Guest, type Simulator } from '@/simulators/proxmox';
import { closeClients, get } from './http-client';

let sim: Simulator;
type Item = Record<string, unknown>;
const data = async <T = Item[]>(path: string): Promise<T> =>
  (await get(sim.clusters[0], path)).json<{ data: T }>().data;
const resource = async (g: Guest) => (await data('/cluster/resources?type=vm')).find((r) => r.vmid === g.vmid);
const find = (pred: (g: Guest) => boolean) => sim.estate.clusters[0].guests.find(pred)!;

beforeEach(async () => {
  await sim?.stop();
  sim = await startSimulator({ seed: 9, guests: 60 });
});

afterAll(async () => {
  closeClients();
  await sim?.stop();
});

describe('mutations', () => {
  it('renameGuest changes list, resources and config', async () => {
    const g = find((x) => x.type === 'qemu');
    const out = sim.mutate.renameGuest(0, g.vmid, 'renamed-vm');
    expect(out.previous).not.toBe('renamed-vm');
    expect((await resource(g))?.name).toBe('renamed-vm');
    expect((await data<Item>(`/nodes/${g.node}/qemu/${g.vmid}/config`)).name).toBe('renamed-vm');
  });

  it('migrateGuest moves the guest: old node path 500s, new node answers, a task is recorded', async () => {
    const g = find((x) => x.type === 'lxc');
    const from = g.node;
    const to = sim.estate.clusters[0].nodes.find((n) => n.name !== from)!.name;
    const { task } = sim.mutate.migrateGuest(0, g.vmid, to);
    expect((await get(sim.clusters[0], `/nodes/${from}/lxc/${g.vmid}/config`)).status).toBe(500);
    expect((await get(sim.clusters[0], `/nodes/${to}/lxc/${g.vmid}/config`)).status).toBe(200);
    expect((await resource(g))?.node).toBe(to);
    expect((await data(`/nodes/${to}/lxc`)).some((x) => Number(x.vmid) === g.vmid)).toBe(true);
    const tasks = await data(`/nodes/${from}/tasks?limit=1`);
    expect(tasks[0]).toMatchObject({ upid: task.upid, type: 'vzmigrate', id: String(g.vmid), status: 'OK' });
  });

  it('removeGuest drops it from every list while its backups stay', async () => {
    const g = find((x) => sim.estate.clusters[0].backups.some((b) => b.vmid === x.vmid));
    sim.mutate.removeGuest(0, g.vmid);
    expect(await resource(g)).toBeUndefined();
    expect((await get(sim.clusters[0], `/nodes/${g.node}/${g.type}/${g.vmid}/status/current`)).status).toBe(500);
    const backups = await Promise.all(
      sim.estate.clusters[0].nodes.map((n) => data(`/nodes/${n.name}/storage/pbs/content?vmid=${g.vmid}`)),
    );
    const local = await data(`/nodes/${g.node}/storage/local/content?vmid=${g.vmid}`);
    expect(backups[0].length + local.length).toBeGreaterThan(0);
  });

  it('changeIp updates the agent view, cloud-init ipconfig0, CT net0 and CT interfaces', async () => {
    const vm = find((x) => x.type === 'qemu' && x.status === 'running' && !!x.agent?.responding && !!x.cloudInit);
    sim.mutate.changeIp(0, vm.vmid, '192.0.2.44/25');
    const agent = await data<{ result: { 'ip-addresses'?: Item[] }[] }>(
      `/nodes/${vm.node}/qemu/${vm.vmid}/agent/network-get-interfaces`,
    );
    expect(agent.result.flatMap((i) => i['ip-addresses'] ?? []).map((a) => a['ip-address'])).toContain('192.0.2.44');
    expect((await data<Item>(`/nodes/${vm.node}/qemu/${vm.vmid}/config`)).ipconfig0).toBe(
      'ip=192.0.2.44/25,gw=192.0.2.1',
    );
    const ct = find((x) => x.type === 'lxc' && x.status === 'running');
    sim.mutate.changeIp(0, ct.vmid, '198.51.100.7/24');
    expect((await data<Item>(`/nodes/${ct.node}/lxc/${ct.vmid}/config`)).net0).toMatch(
      /,gw=198\.51\.100\.1,.*ip=198\.51\.100\.7\/24,/,
    );
    const ifaces = await data(`/nodes/${ct.node}/lxc/${ct.vmid}/interfaces`);
    expect(ifaces.map((i) => i.inet)).toContain('198.51.100.7/24');
    expect(() => sim.mutate.changeIp(0, ct.vmid, 'not-an-ip')).toThrow();
  });

  it('deleteBackup removes it from the content listing', async () => {
    const b = sim.estate.clusters[0].backups.find((x) => x.storage === 'pbs')!;
    const path = `/nodes/${sim.estate.clusters[0].nodes[0].name}/storage/pbs/content?content=backup`;
    expect((await data(path)).some((x) => x.volid === b.volid)).toBe(true);
    expect(sim.mutate.deleteBackup(0, b.volid).volid).toBe(b.volid);
    expect((await data(path)).some((x) => x.volid === b.volid)).toBe(false);
    expect(() => sim.mutate.deleteBackup(0, b.volid)).toThrow();
  });

  it('deleteSnapshot re-parents the chain and the current pointer', async () => {
    const g = find((x) => x.snapshots.length === 2);
    const [older, newer] = g.snapshots.map((s) => s.name);
    sim.mutate.deleteSnapshot(0, g.vmid, older);
    const list = await data(`/nodes/${g.node}/${g.type}/${g.vmid}/snapshot`);
    expect(list.map((s) => s.name).sort()).toEqual(['current', newer].sort());
    expect(list.find((s) => s.name === newer)?.parent).toBeUndefined();
    sim.mutate.deleteSnapshot(0, g.vmid, newer);
    expect(await data(`/nodes/${g.node}/${g.type}/${g.vmid}/snapshot`)).toEqual([
      expect.objectContaining({ name: 'current', description: 'You are here!' }),
    ]);
    expect((await data<Item>(`/nodes/${g.node}/${g.type}/${g.vmid}/config`)).parent).toBeUndefined();
  });

  it('rollbackAndDeleteSnapshot leaves snapshots while the config and `current` name no parent', async () => {
    const g = find((x) => x.snapshots.length === 2);
    const [older, newer] = g.snapshots.map((s) => s.name);
    expect((await data<Item>(`/nodes/${g.node}/${g.type}/${g.vmid}/config`)).parent).toBe(newer);
    sim.mutate.rollbackAndDeleteSnapshot(0, g.vmid, newer);
    const list = await data(`/nodes/${g.node}/${g.type}/${g.vmid}/snapshot`);
    expect(list.map((s) => s.name).sort()).toEqual(['current', older].sort());
    expect(list.find((s) => s.name === 'current')?.parent).toBeUndefined();
    expect((await data<Item>(`/nodes/${g.node}/${g.type}/${g.vmid}/config`)).parent).toBeUndefined();
    const types = sim.estate.clusters[0].nodes
      .find((n) => n.name === g.node)!
      .tasks.slice(0, 2)
      .map((t) => t.type);
    expect(types).toEqual([
      `${g.type === 'qemu' ? 'qm' : 'vz'}delsnapshot`,
      `${g.type === 'qemu' ? 'qm' : 'vz'}rollback`,
    ]);
  });

  it('setGuestStatus and addGuest', async () => {
    const g = find((x) => x.type === 'qemu' && x.status === 'running');
    sim.mutate.setGuestStatus(0, g.vmid, 'stopped');
    expect(await resource(g)).toMatchObject({ status: 'stopped', mem: 0, uptime: 0 });
    expect((await get(sim.clusters[0], `/nodes/${g.node}/qemu/${g.vmid}/agent/network-get-interfaces`)).reason).toBe(
      `VM ${g.vmid} is not running`,
    );
    const added = sim.mutate.addGuest(0, { type: 'lxc', name: 'fresh-ct', status: 'running' });
    expect(added.vmid).toBeGreaterThan(159);
    expect(await resource(added)).toMatchObject({ name: 'fresh-ct', type: 'lxc', status: 'running', node: added.node });
    expect((await data<Item>(`/nodes/${added.node}/lxc/${added.vmid}/config`)).hostname).toBe('fresh-ct');
  });

  it('takes its time from the injected clock: the history is anchored to its day, mutation tasks to its instant', async () => {
    let at = Date.parse('2027-03-10T15:30:20Z');
    const pinned = await startSimulator({ seed: 9, guests: 60, clock: () => at });
    try {
      expect(pinned.estate.now).toBe(Date.parse('2027-03-10T00:00:00Z') / 1000);
      const g = pinned.estate.clusters[0].guests.find((x) => x.type === 'qemu' && x.status === 'running')!;
      expect(pinned.mutate.setGuestStatus(0, g.vmid, 'stopped').task.starttime).toBe(at / 1000);
      at += 90_000;
      expect(pinned.mutate.setGuestStatus(0, g.vmid, 'running').task.starttime).toBe(at / 1000);
    } finally {
      await pinned.stop();
    }
  });
});
