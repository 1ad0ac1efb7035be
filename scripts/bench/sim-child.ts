// Runs the Proxmox simulator in its own process for benchmarks (so its memory and CPU are not
// counted as the sync's) and prints one JSON line with the endpoints, then serves until killed.
import { startSimulator } from '@/simulators/proxmox';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startSimulator>[0];
const sim = await startSimulator(options);
process.stdout.write(
  `${JSON.stringify({ clusters: sim.clusters.map(({ name, url, tokenId, tokenSecret }) => ({ name, url, tokenId, tokenSecret })), guests: sim.estate.clusters.reduce((n, c) => n + c.guests.length, 0) })}\n`,
);
const stop = () => void sim.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
