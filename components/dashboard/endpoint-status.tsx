import { Badge, type BadgeTone } from '@/components/data-table/badge';
import type { EndpointHealth, HealthState } from '@/lib/dashboard/endpoint-health';

const STATE: Record<HealthState, { label: string; tone: BadgeTone }> = {
  reachable: { label: 'Reachable', tone: 'green' },
  unreachable: { label: 'Unreachable', tone: 'red' },
  auth_error: { label: 'Authentication failed', tone: 'red' },
  error: { label: 'Error', tone: 'yellow' },
  disabled: { label: 'Disabled', tone: 'gray' },
};

/** The live check of one endpoint: state, latency and PVE version, or the error with its fix. */
export async function EndpointStatus({ health, endpointId }: { health: Promise<EndpointHealth[]>; endpointId: number }) {
  const result = (await health).find((h) => h.endpointId === endpointId);
  if (!result) return <p className="text-xs text-zinc-500">Not checked yet.</p>;
  const state = STATE[result.state];
  return (
    <div className="text-xs" data-testid="endpoint-status">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={state.tone} title={`Checked ${result.checkedAt}`}>
          {state.label}
        </Badge>
        {result.latencyMs !== null && <span className="tabular-nums">{result.latencyMs} ms</span>}
        {result.version && <span>PVE {result.version}</span>}
      </div>
      {result.error && (
        <p className="mt-1 text-red-700 dark:text-red-400">
          {result.error.message}
          {result.error.suggestion && <span className="block text-zinc-600 dark:text-zinc-400">{result.error.suggestion}</span>}
        </p>
      )}
    </div>
  );
}
