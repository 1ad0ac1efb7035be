// Authentication and the error catalogue: status, reason phrase and body per release.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type QemuGuest, type Simulator } from '@/simulators/proxmox';
import { closeClients, get, tokenHeader } from './http-client';

let v82: Simulator;
let v91: Simulator;
let v74: Simulator;

beforeAll(async () => {
  [v82, v91, v74] = await Promise.all([
    startSimulator({ version: '8.2', guests: 12 }),
    startSimulator({ version: '9.1', guests: 12 }),
    startSimulator({ version: '7.4', guests: 12 }),
  ]);
});

afterAll(async () => {
  closeClients();
  await Promise.all([v82, v91, v74].map((s) => s?.stop()));
});

describe('authentication', () => {
  it('answers 401 with an empty body for a wrong secret, a wrong token id or no header', async () => {
    const c = v82.clusters[0];
    const wrongSecret = await get(c, '/version', { authorization: `PVEAPIToken=${c.tokenId}=not-the-secret` });
    expect([wrongSecret.status, wrongSecret.reason, wrongSecret.body]).toEqual([401, 'Authentication failed!', '']);
    const wrongId = await get(c, '/version', { authorization: `PVEAPIToken=root@pam!other=${c.tokenSecret}` });
    expect([wrongId.status, wrongId.body]).toEqual([401, '']);
    const none = await get(c, '/version', { authorization: null });
    expect([none.status, none.reason, none.body]).toEqual([401, 'No ticket', '']);
  });

  it('accepts the space form and a URI-escaped value, splitting at the last "="', async () => {
    const c = v82.clusters[0];
    expect((await get(c, '/version', { authorization: tokenHeader(c, true) })).status).toBe(200);
    const escaped = `PVEAPIToken=${encodeURIComponent(c.tokenId)}=${c.tokenSecret}`;
    expect((await get(c, '/version', { authorization: escaped })).status).toBe(200);
  });

  it('can delay 401s like the real 3 s penalty, only when asked to', async () => {
    // No clock is read: under a 10-minute delay the refused request is still unanswered while a
    // valid one on the same simulator, and a refused one on a simulator without the delay, are
    // answered; stop() cuts the held request.
    const slow = await startSimulator({ guests: 1, authFailureDelayMs: 10 * 60_000 });
    try {
      let answered = false;
      get(slow.clusters[0], '/version', { authorization: 'PVEAPIToken=x@pam!y=z' }).then(
        () => (answered = true),
        () => undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await get(slow.clusters[0], '/version', { authorization: tokenHeader(slow.clusters[0]) })).status).toBe(
        200,
      );
      expect((await get(v82.clusters[0], '/version', { authorization: 'PVEAPIToken=x@pam!y=z' })).status).toBe(401);
      expect(answered).toBe(false);
    } finally {
      await slow.stop();
    }
  });
});

describe('errors', () => {
  it('500 for a missing guest or a guest on another node, naming the config file', async () => {
    const c = v82.clusters[0];
    const g = v82.estate.clusters[0].guests.find((x) => x.type === 'qemu')!;
    const other = v82.estate.clusters[0].nodes.find((n) => n.name !== g.node)!.name;
    const missing = await get(c, `/nodes/${g.node}/qemu/99999/config`);
    expect([missing.status, missing.reason]).toEqual([
      500,
      `Configuration file 'nodes/${g.node}/qemu-server/99999.conf' does not exist`,
    ]);
    expect(missing.json()).toEqual({ data: null });
    const elsewhere = await get(c, `/nodes/${other}/qemu/${g.vmid}/status/current`);
    expect(elsewhere.reason).toBe(`Configuration file 'nodes/${other}/qemu-server/${g.vmid}.conf' does not exist`);
    const asLxc = await get(c, `/nodes/${g.node}/lxc/${g.vmid}/config`);
    expect(asLxc.reason).toBe(`Configuration file 'nodes/${g.node}/lxc/${g.vmid}.conf' does not exist`);
  });

  it("puts the message in the body only from 8.4 on (9.1 here), with Perl's trailing newline", async () => {
    const node = v91.estate.clusters[0].nodes[0].name;
    const res = await get(v91.clusters[0], `/nodes/${node}/qemu/99999/config`);
    expect(res.json()).toEqual({
      data: null,
      message: `Configuration file 'nodes/${node}/qemu-server/99999.conf' does not exist\n`,
    });
    const old = await get(v74.clusters[0], `/nodes/${v74.estate.clusters[0].nodes[0].name}/qemu/99999/config`);
    expect(old.json()).toEqual({ data: null });
  });

  it('501 for unknown paths and methods, 500 for unknown nodes', async () => {
    const c = v91.clusters[0];
    const node = v91.estate.clusters[0].nodes[0].name;
    const unknown = await get(c, `/nodes/${node}/foo`);
    expect([unknown.status, unknown.json()]).toEqual([
      501,
      { data: null, message: `Method 'GET /nodes/${node}/foo' not implemented\n` },
    ]);
    const noNode = await get(c, '/nodes/ghost/status');
    expect([noNode.status, noNode.json().message]).toEqual([500, "no such cluster node 'ghost'\n"]);
    expect((await get(v82.clusters[0], '/nodes/ghost/status')).body).toBe('{"data":null}');
  });

  it('501 for the LXC interfaces endpoint on 7.4, which predates it', async () => {
    const ct = v74.estate.clusters[0].guests.find((g) => g.type === 'lxc')!;
    const res = await get(v74.clusters[0], `/nodes/${ct.node}/lxc/${ct.vmid}/interfaces`);
    expect([res.status, res.reason]).toEqual([
      501,
      `Method 'GET /nodes/${ct.node}/lxc/${ct.vmid}/interfaces' not implemented`,
    ]);
  });

  it('400 with an `errors` map for bad parameters', async () => {
    const c = v91.clusters[0];
    const node = v91.estate.clusters[0].nodes[0].name;
    const badVmid = await get(c, `/nodes/${node}/qemu/abc/config`);
    expect([badVmid.status, badVmid.json().errors]).toEqual([
      400,
      { vmid: "type check ('integer') failed - got 'abc'" },
    ]);
    const extra = await get(c, '/cluster/resources?foo=1');
    expect(extra.json()).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: { foo: 'property is not defined in schema and the schema does not allow additional properties' },
    });
    expect((await get(c, '/cluster/resources?type=bogus')).status).toBe(400);
    expect((await get(c, `/nodes/${node}/tasks?limit=x`)).json().errors).toEqual({
      limit: "type check ('integer') failed - got 'x'",
    });
  });

  it('the agent errors in PVE order: not configured, VM not running, agent down', async () => {
    const vms = v82.estate.clusters[0].guests.filter((g): g is QemuGuest => g.type === 'qemu');
    const c = v82.clusters[0];
    const path = (g: QemuGuest) => `/nodes/${g.node}/qemu/${g.vmid}/agent/network-get-interfaces`;
    const noAgent = vms.find((g) => !g.agent)!;
    expect((await get(c, path(noAgent))).reason).toBe('No QEMU guest agent configured');
    const stopped = vms.find((g) => g.agent && g.status === 'stopped')!;
    expect((await get(c, path(stopped))).reason).toBe(`VM ${stopped.vmid} is not running`);
    const running = vms.find((g) => g.agent && g.status === 'running')!;
    running.agent!.responding = false;
    expect((await get(c, path(running))).reason).toBe('QEMU guest agent is not running');
    running.agent!.responding = true;
    expect((await get(c, path(running))).json().data).toHaveProperty('result');
  });
});
