// What a route handler gets, and how it fails. Handlers return `data` (and `total` for paged task
// lists); throwing ApiError produces Proxmox's error envelope for the cluster's version.
import type { Estate, EstateCluster, EstateNode, Guest, GuestType } from '../estate/types';
import type { VersionProfile } from '../versions';

/** One request, resolved to a cluster. */
export interface RequestContext {
  estate: Estate;
  cluster: EstateCluster;
  profile: VersionProfile;
  /** Path parameters (`node`, `vmid`, `storage`, `upid`, …), URI-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Path below `/api2/json`, without the query string. */
  path: string;
  /** Guest-agent fault of the cluster (`ok` unless set through `sim.faults.agent`). */
  agent: { mode: AgentMode; delayMs: number };
  /** A delay that `stop()` cancels (handlers must not use bare timers). */
  sleep(ms: number): Promise<void>;
}

/** How the simulated guest agents behave: answer, answer late, never answer, or be down. */
export type AgentMode = 'ok' | 'slow' | 'timeout' | 'missing';

/** A handler's answer: the `data` member and, for task lists, the `total`. */
export interface ApiResult {
  data: unknown;
  total?: number;
}

/**
 * A Proxmox error. `message` becomes the HTTP reason phrase (and the body's `message` on ≥ 8.4);
 * `errors` is the per-parameter map of a 400; `emptyBody` mimics proxied 59x answers and 401.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
    readonly emptyBody = false,
  ) {
    super(message);
  }
}

/** Perl booleans: 0/1 integers. */
export const bit = (b: boolean | undefined): 0 | 1 => (b ? 1 : 0);

/** The node named in the path (existence and online state were checked by the dispatcher). */
export function pathNode(ctx: RequestContext): EstateNode {
  return ctx.cluster.nodes.find((n) => n.name === ctx.params.node)!;
}

/** Config file path Proxmox names in "does not exist" errors. */
function confPath(node: string, type: GuestType, vmid: string): string {
  return `nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf`;
}

/**
 * The guest addressed by `/nodes/{node}/{type}/{vmid}`; a missing guest, a guest of the other type
 * or one that lives on another node fails like PVE's `load_config` (500, config file missing).
 */
export function pathGuest<T extends GuestType>(ctx: RequestContext, type: T): Extract<Guest, { type: T }> {
  const vmid = Number(ctx.params.vmid);
  const guest = ctx.cluster.guests.find((g) => g.vmid === vmid);
  if (!guest || guest.type !== type || guest.node !== ctx.params.node) {
    throw new ApiError(500, `Configuration file '${confPath(ctx.params.node, type, ctx.params.vmid)}' does not exist`);
  }
  return guest as Extract<Guest, { type: T }>;
}

/** Guests of one node in vmid order. */
export function guestsOn(cluster: EstateCluster, node: string, type?: GuestType): Guest[] {
  const out: Guest[] = [];
  for (const g of cluster.guests) if (g.node === node && (!type || g.type === type)) out.push(g);
  return out;
}

/** A 400 "Parameter verification failed." with one parameter error. */
export function paramError(param: string, message: string): ApiError {
  return new ApiError(400, 'Parameter verification failed.', { [param]: message });
}

/** Reads an optional integer query parameter, failing like PVE's type check. */
export function intParam(ctx: RequestContext, name: string, min = 0): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw paramError(name, `type check ('integer') failed - got '${raw}'`);
  const n = Number(raw);
  if (n < min) throw paramError(name, `value must have a minimum value of ${min}`);
  return n;
}

/** Reads an optional boolean query parameter (`1|0|true|false|yes|no|on|off`). */
export function boolParam(ctx: RequestContext, name: string): boolean | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw paramError(name, `type check ('boolean') failed - got '${raw}'`);
}

/** Reads an optional enum query parameter. */
export function enumParam<T extends string>(ctx: RequestContext, name: string, values: readonly T[]): T | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(values as readonly string[]).includes(raw)) {
    throw paramError(name, `value '${raw}' does not have a value in the enumeration '${values.join(', ')}'`);
  }
  return raw as T;
}
