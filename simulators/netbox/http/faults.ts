// Injected failures and latency. A rule answers `status` for the next `count` matching
// requests, either before the request is handled (nothing changes) or after it (the change is
// made but the client sees the failure, as when a proxy times out on a slow write).

export interface FaultMatch {
  method?: string;
  /** Exact API path (`/api/virtualization/virtual-machines/`), a prefix ending in `/`, or a RegExp. */
  path?: string | RegExp;
  /** Answer the failure after applying the request (default: before, applying nothing). */
  after?: boolean;
}

interface Rule {
  match: FaultMatch;
  status: number;
  remaining: number;
}

export interface Faults {
  failNext(match: FaultMatch, status: number, count?: number): void;
  setLatency(ms: number): void;
  clear(): void;
}

export class FaultState implements Faults {
  private rules: Rule[] = [];
  latencyMs: number;

  constructor(private readonly defaultLatency: number) {
    this.latencyMs = defaultLatency;
  }

  failNext(match: FaultMatch, status: number, count = 1): void {
    if (!Number.isInteger(status) || status < 100 || status > 599)
      throw new Error(`netbox simulator: invalid fault status ${status}`);
    const path =
      match.path instanceof RegExp ? new RegExp(match.path.source, match.path.flags.replace(/[gy]/g, '')) : match.path;
    this.rules.push({ match: { ...match, path }, status, remaining: count });
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  clear(): void {
    this.rules = [];
    this.latencyMs = this.defaultLatency;
  }

  /** Consumes and returns the first rule matching this request, if any. */
  take(method: string, path: string): { status: number; after: boolean } | null {
    const i = this.rules.findIndex(({ match }) => {
      if (match.method && match.method.toUpperCase() !== method) return false;
      if (match.path === undefined) return true;
      if (match.path instanceof RegExp) return match.path.test(path);
      return path === match.path || (match.path.endsWith('/') && path.startsWith(match.path));
    });
    if (i < 0) return null;
    const rule = this.rules[i];
    if (--rule.remaining <= 0) this.rules.splice(i, 1);
    return { status: rule.status, after: !!rule.match.after };
  }
}
