// Every captured Proxmox VE answer in tests/fixtures/proxmox/responses, replayed through the client
// (HTTP server → envelope → schema), must parse with its endpoint's schema.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isGuestAgentUnavailable, ProxmoxClient, ProxmoxError } from '@/lib/proxmox/client';
import * as s from '@/lib/proxmox/schemas';
import { reply, startServer, type TestServer } from './helpers/test-server';
import { fixturePath } from '../../../fixtures/paths';

const RESPONSES = fixturePath('proxmox', 'responses');

const SCHEMA_BY_FILE: Record<string, z.ZodType<unknown>> = {
  'cluster_backup.json': s.pveBackupJobListSchema,
  'cluster_resources.json': s.pveClusterResourcesSchema,
  'cluster_status.json': s.pveClusterStatusSchema,
  'nodes.json': s.pveNodeListSchema,
  'nodes_{node}_lxc.json': s.pveLxcListSchema,
  'nodes_{node}_lxc_{vmid}_config.json': s.pveGuestConfigSchema,
  'nodes_{node}_lxc_{vmid}_interfaces.json': s.pveLxcInterfacesSchema,
  'nodes_{node}_lxc_{vmid}_snapshot.json': s.pveSnapshotListSchema,
  'nodes_{node}_lxc_{vmid}_status_current.json': s.pveGuestStatusSchema,
  'nodes_{node}_network.json': s.pveNetworkInterfaceListSchema,
  'nodes_{node}_network_{iface}.json': s.pveNetworkInterfaceDetailSchema,
  'nodes_{node}_qemu.json': s.pveQemuListSchema,
  'nodes_{node}_qemu_{vmid}_agent_network-get-interfaces.json': s.pveAgentNetworkInterfacesSchema,
  'nodes_{node}_qemu_{vmid}_config.json': s.pveGuestConfigSchema,
  'nodes_{node}_qemu_{vmid}_rrddata.json': s.pveRrdDataSchema,
  'nodes_{node}_qemu_{vmid}_status_current.json': s.pveGuestStatusSchema,
  'nodes_{node}_status.json': s.pveNodeStatusSchema,
  'nodes_{node}_storage_{storage}_content.json': s.pveStorageContentListSchema,
  'nodes_{node}_tasks.json': s.pveNodeTaskListSchema,
  'nodes_{node}_tasks_{upid}_log.json': s.pveTaskLogSchema,
  'nodes_{node}_tasks_{upid}_status.json': s.pveTaskStatusSchema,
  'nodes_{node}_version.json': s.pveVersionSchema,
  'storage.json': s.pveStorageConfigListSchema,
  'version.json': s.pveVersionSchema,
};

interface Sample {
  id: string;
  status: number;
  request: { path: string; query?: Record<string, string> };
  body: unknown;
}
const files = fs
  .readdirSync(RESPONSES)
  .filter((f) => f.endsWith('.json'))
  .sort();
const samples = files.flatMap((file) => {
  const { samples: list } = JSON.parse(fs.readFileSync(path.join(RESPONSES, file), 'utf8')) as { samples: Sample[] };
  return list.map((sample) => ({ file, sample }));
});

/** Samples that are errors by design: the PVE 6.2 agent answer and a pre-8.4 error-shape mock. */
const AGENT_ERROR = 'community-proxmox-inventory-agent-unsupported';
const HTTP_ERROR = 'go-proxmox-pve7x-node-status-unknown-node';

let server: TestServer;
let client: ProxmoxClient;
beforeAll(async () => {
  server = await startServer();
  client = new ProxmoxClient({
    baseUrl: server.url,
    tokenId: 'root@pam!t',
    tokenSecret: '3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b',
    verifySsl: false,
    retries: 0,
  });
});
afterAll(async () => {
  client.close();
  await server.close();
});

/** Replays one sample: the server answers with its status and body; the client asks for its path. */
function replay(sample: Sample, schema: z.ZodType<unknown>) {
  server.use((_req, res) => reply(res, sample.status, sample.body));
  // Placeholders such as "{node}" in a recorded path are sent percent-encoded; the server ignores paths.
  const apiPath = sample.request.path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return client.getPage(apiPath, schema, sample.request.query);
}

describe('captured Proxmox VE responses', () => {
  it('has a schema for every fixture file and 42 samples', () => {
    expect(files).toEqual(Object.keys(SCHEMA_BY_FILE).sort());
    expect(samples).toHaveLength(42);
    expect(samples.filter(({ sample }) => sample.status === 200)).toHaveLength(41);
  });

  it.each(
    samples
      .filter(({ sample }) => sample.id !== AGENT_ERROR && sample.id !== HTTP_ERROR)
      .map(({ file, sample }) => [sample.id, file, sample] as const),
  )('%s (%s) parses', async (_id, file, sample) => {
    const page = await replay(sample, SCHEMA_BY_FILE[file]);
    expect(page.data === null || typeof page.data === 'object').toBe(true);
    const data = (sample.body as { data: unknown }).data;
    if (Array.isArray(data)) expect(page.data).toHaveLength(data.length);
  });

  it('raises the PVE 6.2 200-with-result.error agent answer as an agent error', async () => {
    const { sample } = samples.find(({ sample }) => sample.id === AGENT_ERROR)!;
    const error = await replay(sample, s.pveAgentNetworkInterfacesSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxmoxError);
    expect(error).toMatchObject({ category: 'internal', status: 200 });
    expect((error as ProxmoxError).message).toContain(
      'Unsupported: this feature or command is not currently supported',
    );
    expect(isGuestAgentUnavailable(error)).toBe(true);
  });

  it('raises the 500 error-shape sample as a ProxmoxError', async () => {
    const { sample } = samples.find(({ sample }) => sample.id === HTTP_ERROR)!;
    const error = await replay(sample, s.pveNodeStatusSchema).catch((e: unknown) => e);
    expect(error).toMatchObject({ category: 'internal', status: 500, path: '/nodes/doesntexist/status' });
  });
});
