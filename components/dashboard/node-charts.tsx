import { formatCount } from '@/components/data-table/format';
import type { NodeSummary } from '@/lib/dashboard/estate';
import { BarChart } from './bar-chart';

const MIB = 1024 * 1024;
const count = (v: number) => formatCount(Math.round(v));
const gib = (v: number) => `${formatCount(Math.round(v))} GiB`;
/** About the pixel width of one of the three chart columns on a laptop screen (see BarChart). */
const COLUMN_WIDTH = 300;

/** Per node: guests running/stopped, and vCPUs and memory of its guests against the node's capacity. */
export function NodeCharts({ nodes, multiEndpoint }: { nodes: NodeSummary[]; multiEndpoint: boolean }) {
  if (nodes.length === 0) return null;
  // Node names repeat across endpoints only in unusual estates; the label stays short otherwise.
  const name = (n: NodeSummary) =>
    multiEndpoint && nodes.some((o) => o !== n && o.name === n.name) ? `${n.name} (#${n.endpointId})` : n.name;
  const label = (n: NodeSummary) => (n.online ? name(n) : `${name(n)} (offline)`);
  const split = [
    { key: 'running', label: 'Running guests', colour: 'running' as const },
    { key: 'stopped', label: 'Stopped guests', colour: 'stopped' as const },
  ];
  return (
    <section className="card" aria-labelledby="node-charts">
      <h2 id="node-charts" className="card-title">
        Nodes
      </h2>
      <div className="grid gap-2 lg:grid-cols-3">
        <BarChart
          id="guests-per-node"
          title="Guests per node"
          series={split}
          categories={nodes.map((n) => ({ label: label(n), values: [n.guests.running, n.guests.stopped] }))}
          format={count}
          plotWidth={COLUMN_WIDTH}
        />
        <BarChart
          id="cpu-per-node"
          title="vCPUs allocated per node"
          series={split}
          categories={nodes.map((n) => ({
            label: label(n),
            values: [n.vcpus.running, n.vcpus.all - n.vcpus.running],
            capacity: n.maxCpu,
          }))}
          format={count}
          capacityLabel="Node CPUs"
          plotWidth={COLUMN_WIDTH}
        />
        <BarChart
          id="memory-per-node"
          title="Memory allocated per node"
          series={split}
          categories={nodes.map((n) => ({
            label: label(n),
            values: [n.memoryMiB.running / 1024, (n.memoryMiB.all - n.memoryMiB.running) / 1024],
            capacity: n.maxMemoryBytes === null ? null : n.maxMemoryBytes / MIB / 1024,
          }))}
          format={gib}
          capacityLabel="Node memory"
          plotWidth={COLUMN_WIDTH}
        />
      </div>
    </section>
  );
}
