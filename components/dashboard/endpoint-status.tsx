import { Badge, type BadgeTone } from '@/components/data-table/badge';
import type { HealthState } from '@/lib/dashboard/endpoint-health';

/** What a live check of a Proxmox or NetBox endpoint reports. */
interface CheckedEndpoint {
  endpointId: number;
  state: HealthState;
  /** Round trip in ms, for checks that measure it. */
  latencyMs?: number | null;
  version: string | null;
  error: { message: string; suggestion: string } | null;
  checkedAt: string;
}

const STATE: Record<HealthState, { label: string; tone: BadgeTone }> = {
  reachable: { label: 'Reachable', tone: 'green' },
  unreachable: { label: 'Unreachable', tone: 'red' },
  auth_error: { label: 'Authentication failed', tone: 'red' },
  error: { label: 'Error', tone: 'yellow' },
  disabled: { label: 'Disabled', tone: 'gray' },
};

interface EndpointStatusProps {
  health: Promise<CheckedEndpoint[]>;
  endpointId: number;
  /** Name shown before the version: `PVE 8.2.4`, `NetBox 4.2.2`. */
  product?: string;
  /** The auth_error label, when the endpoint's credential has a more precise name (a NetBox token). */
  authErrorLabel?: string;
  testId?: string;
}

/** The live check of one endpoint: state, latency and version, or the error with its fix. */
export async function EndpointStatus({
  health,
  endpointId,
  product = 'PVE',
  authErrorLabel,
  testId = 'endpoint-status',
}: EndpointStatusProps) {
  const result = (await health).find((h) => h.endpointId === endpointId);
  if (!result) return <p className="text-xs text-zinc-500">Not checked yet.</p>;
  const state = STATE[result.state];
  return (
    <div className="text-xs" data-testid={testId}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={state.tone} title={`Checked ${result.checkedAt}`}>
          {result.state === 'auth_error' && authErrorLabel ? authErrorLabel : state.label}
        </Badge>
        {result.latencyMs != null && <span className="tabular-nums">{result.latencyMs} ms</span>}
        {result.version && (
          <span>
            {product} {result.version}
          </span>
        )}
      </div>
      {result.error && (
        <p className="mt-1 text-red-700 dark:text-red-400">
          {result.error.message}
          {result.error.suggestion && (
            <span className="block text-zinc-600 dark:text-zinc-400">{result.error.suggestion}</span>
          )}
        </p>
      )}
    </div>
  );
}
