// Runtime faults per simulated endpoint: offline nodes, auth failures, failing paths, agent
// trouble and extra latency. The dispatcher consults this state on every request.
import type { Estate } from './estate/types';
import type { AgentMode } from './render/context';

/** A path that answers with an error status instead of its normal body. */
export interface FailRule {
  regex: RegExp;
  status: number;
  message: string;
}

/** Fault state of one cluster endpoint. */
export interface ClusterFaultState {
  authFailure: boolean;
  failRules: FailRule[];
  agent: { mode: AgentMode; delayMs: number };
  /** Overrides the simulator-wide latency when set. */
  latencyMs?: number;
}

/** Fault switches, all per cluster index (0-based). */
export interface Faults {
  /** Marks a node offline (595 for its `/nodes/<node>/…` paths, degraded resources) or back online. */
  nodeOffline(cluster: number, node: string, on: boolean): void;
  /** Rejects every request of the cluster with 401, even with the right token. */
  authFailure(cluster: number, on: boolean): void;
  /**
   * Answers `status` for API paths (below `/api2/json`, without query) matching `pathRegex`.
   * 59x statuses get an empty body like proxied failures; others the error envelope with `message`.
   * Returns a function that removes this rule.
   */
  failPath(cluster: number, pathRegex: RegExp | string, status: number, message?: string): () => void;
  /** Guest agents answer normally, after `delayMs` (slow), never (timeout), or are down (missing). */
  agent(cluster: number, mode: AgentMode, delayMs?: number): void;
  /** Per-request delay for one cluster (replaces `latencyMs` of the options). */
  latency(cluster: number, ms: number): void;
  /** Removes every fault and brings all nodes back online. */
  clear(): void;
}

/** Default agent delay for `slow` when none is given. */
export const DEFAULT_AGENT_DELAY_MS = 2000;

/** A fresh, fault-free state. */
export function cleanFaultState(): ClusterFaultState {
  return { authFailure: false, failRules: [], agent: { mode: 'ok', delayMs: DEFAULT_AGENT_DELAY_MS } };
}

/** Creates the `faults` controller over the estate and one state object per cluster. */
export function createFaults(estate: Estate, states: ClusterFaultState[]): Faults {
  const state = (cluster: number): ClusterFaultState => {
    const s = states[cluster];
    if (!s) throw new Error(`simulator: no cluster with index ${cluster}`);
    return s;
  };
  return {
    nodeOffline(cluster, node, on) {
      state(cluster);
      const n = estate.clusters[cluster].nodes.find((x) => x.name === node);
      if (!n) throw new Error(`simulator: cluster ${cluster} has no node '${node}'`);
      n.online = !on;
    },
    authFailure(cluster, on) {
      state(cluster).authFailure = on;
    },
    failPath(cluster, pathRegex, status, message = 'simulated failure') {
      // Dropping g/y keeps RegExp#test stateless across requests.
      const regex =
        typeof pathRegex === 'string'
          ? new RegExp(pathRegex)
          : new RegExp(pathRegex.source, pathRegex.flags.replace(/[gy]/g, ''));
      const rule: FailRule = { regex, status, message };
      const rules = state(cluster).failRules;
      rules.push(rule);
      return () => {
        const i = rules.indexOf(rule);
        if (i >= 0) rules.splice(i, 1);
      };
    },
    agent(cluster, mode, delayMs = DEFAULT_AGENT_DELAY_MS) {
      state(cluster).agent = { mode, delayMs };
    },
    latency(cluster, ms) {
      state(cluster).latencyMs = ms;
    },
    clear() {
      states.forEach((_, i) => (states[i] = cleanFaultState()));
      for (const c of estate.clusters) for (const n of c.nodes) n.online = true;
    },
  };
}
