// Runs the NetBox simulator in its own process for benchmarks (so its memory and CPU are not
// counted as the push's), prints one JSON line with its URL, then answers `stats` and `reset`
// messages over IPC with its request counts until killed.
import { startNetboxSimulator } from '@/simulators/netbox';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startNetboxSimulator>[0];
const sim = await startNetboxSimulator(options);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

process.on('message', (message: unknown) => {
  if (message === 'reset') {
    sim.resetRequests();
    process.send?.({ ok: true });
  } else if (message === 'stats') {
    const requests = sim.requests.length;
    const writes = sim.requests.filter((r) => WRITES.has(r.method.toUpperCase())).length;
    // The simulator's own processing time (without the injected latency), summed over requests.
    const simMs = sim.requests.reduce((t, r) => t + (r.ms ?? 0), 0);
    process.send?.({ requests, writes, simMs });
  }
});
process.stdout.write(`${JSON.stringify({ url: sim.url, port: sim.port })}\n`);
const stop = () => void sim.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
