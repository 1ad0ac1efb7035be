// `npm run sim:netbox -- [--version 4.0|4.2|4.6] [--port 18080] [--host 127.0.0.1]
//   [--token <v1 token>]... [--v2 <key>.<secret>]... [--latency MS] [--control] [--json]`
// Runs the NetBox simulator in the foreground (Ctrl-C stops it) and prints its URL and tokens.
// `--control` also serves the /__sim/ API (request log, faults, latency) so that a benchmark in
// another process can drive it; `--json` prints one machine-readable line instead.
import { parseArgs } from 'node:util';
import {
  DEFAULT_V1_TOKEN,
  DEFAULT_V2_TOKEN,
  NETBOX_VERSIONS,
  startNetboxSimulator,
  type NetboxVersion,
} from '../simulators/netbox';

function options() {
  const { values } = parseArgs({
    options: {
      version: { type: 'string', default: '4.2' },
      port: { type: 'string', default: '18080' },
      host: { type: 'string', default: '127.0.0.1' }, // loopback only
      token: { type: 'string', multiple: true },
      v2: { type: 'string', multiple: true },
      latency: { type: 'string', default: '0' },
      control: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!(NETBOX_VERSIONS as readonly string[]).includes(values.version))
    throw new Error(`--version must be one of ${NETBOX_VERSIONS.join(', ')}`);
  const int = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer (got "${raw}")`);
    return n;
  };
  const v2 = (values.v2 ?? []).map((t) => {
    const m = /^(?:nbt_)?([A-Za-z0-9]+)\.([A-Za-z0-9]+)$/.exec(t);
    if (!m) throw new Error(`--v2 must be <key>.<secret> (got "${t}")`);
    return { key: m[1], secret: m[2] };
  });
  const custom = values.token?.length || v2.length;
  return {
    version: values.version as NetboxVersion,
    port: int('port', values.port),
    host: values.host,
    latencyMs: int('latency', values.latency),
    control: values.control,
    json: values.json,
    tokens: custom ? { v1: values.token ?? [], v2 } : { v1: [DEFAULT_V1_TOKEN], v2: [DEFAULT_V2_TOKEN] },
  };
}

async function main(): Promise<void> {
  const { json, ...opts } = options();
  const sim = await startNetboxSimulator(opts);
  const stop = (code: number) => () => void sim.stop().then(() => process.exit(code));
  process.on('SIGINT', stop(130));
  process.on('SIGTERM', stop(143));
  if (json) {
    console.log(
      JSON.stringify({
        pid: process.pid,
        url: sim.url,
        port: sim.port,
        version: sim.version,
        tokens: { v1: opts.tokens.v1, v2: sim.version === '4.6' ? opts.tokens.v2 : [] },
      }),
    );
    return;
  }
  console.log(`NetBox ${sim.version} simulator: ${sim.url}`);
  for (const t of opts.tokens.v1)
    console.log(`  v1 token: ${t}   try: curl -s -H 'Authorization: Token ${t}' ${sim.url}/api/status/`);
  if (sim.version === '4.6')
    for (const t of opts.tokens.v2)
      console.log(
        `  v2 token: nbt_${t.key}.${t.secret}   try: curl -s -H 'Authorization: Bearer nbt_${t.key}.${t.secret}' ${sim.url}/api/status/`,
      );
  if (opts.control)
    console.log(
      `  control:  ${sim.url}/__sim/requests/ (GET, DELETE), /__sim/faults/ (POST, DELETE), /__sim/latency/ (PUT)`,
    );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
