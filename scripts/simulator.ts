// `npx tsx scripts/simulator.ts [--clusters 2] [--nodes 3] [--guests 60] [--port-base 18006]
//   [--seed 1] [--version 7.4|8.2|9.1] [--latency MS] [--auth-delay MS] [--standalone 1,2]
//   [--tls] [--host 127.0.0.1] [--json]`
// Runs the Proxmox VE simulator in the foreground (Ctrl-C stops it) and prints each cluster
// endpoint's URL, API token id and secret. `--json` prints one machine-readable line instead.
import { parseArgs } from 'node:util';
import { PVE_VERSIONS, startSimulator, type PveVersion } from '../simulators/proxmox';

function options() {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string', default: '1' },
      nodes: { type: 'string', default: '3' },
      guests: { type: 'string', default: '20' },
      'port-base': { type: 'string', default: '18006' },
      seed: { type: 'string', default: '1' },
      version: { type: 'string', default: '8.2' },
      latency: { type: 'string', default: '0' },
      'auth-delay': { type: 'string', default: '0' },
      standalone: { type: 'string', default: '' },
      tls: { type: 'boolean', default: false },
      host: { type: 'string', default: '127.0.0.1' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${raw}")`);
    return n;
  };
  if (!(PVE_VERSIONS as readonly string[]).includes(values.version))
    throw new Error(`--version must be one of ${PVE_VERSIONS.join(', ')}`);
  return {
    clusters: int('clusters', values.clusters, 1),
    nodesPerCluster: int('nodes', values.nodes, 1),
    guests: int('guests', values.guests, 0),
    portBase: int('port-base', values['port-base'], 0),
    seed: int('seed', values.seed, 0),
    version: values.version as PveVersion,
    latencyMs: int('latency', values.latency, 0),
    authFailureDelayMs: int('auth-delay', values['auth-delay'], 0),
    standaloneClusters: values.standalone ? values.standalone.split(',').map((s) => int('standalone', s, 0)) : [],
    tls: values.tls,
    host: values.host,
    json: values.json,
  };
}

async function main(): Promise<void> {
  const { json, ...opts } = options();
  const sim = await startSimulator(opts);
  if (json) {
    console.log(
      JSON.stringify({ pid: process.pid, clusters: sim.clusters.map(({ certificatePem: _pem, ...c }) => c) }),
    );
  } else {
    console.log(
      `Proxmox VE ${opts.version} simulator: ${opts.guests} guests, seed ${opts.seed}${opts.tls ? ', HTTPS (self-signed)' : ''}`,
    );
    for (const c of sim.clusters) {
      console.log(
        `\n${c.name}\n  url:          ${c.url}\n  token id:     ${c.tokenId}\n  token secret: ${c.tokenSecret}`,
      );
      if (c.fingerprint) console.log(`  fingerprint:  ${c.fingerprint}`);
      console.log(
        `  try:          curl -s${opts.tls ? 'k' : ''} -H 'Authorization: PVEAPIToken=${c.tokenId}=${c.tokenSecret}' ${c.url}/api2/json/cluster/resources`,
      );
    }
    console.log('\nCtrl-C to stop.');
  }
  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
