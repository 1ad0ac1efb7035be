// A small in-process metric registry (counters and histograms with labels) for what only this
// process sees: API request latencies and the Proxmox requests of the sync runs it executes.
// Figures that must survive restarts and cover every process are read from the database at
// scrape time instead (lib/metrics/collect.ts).
import { histogramSamples, type Labels, type MetricFamily } from './exposition';

const key = (labelNames: readonly string[], labels: Labels) => JSON.stringify(labelNames.map((n) => labels[n] ?? ''));

/**
 * Label sets kept per metric. Label values come from request paths and endpoint names, which
 * callers (even unauthenticated ones: a 401 still has a route) can vary at will; past the cap a
 * new label set is counted in one series whose labels are all `other`, so memory and scrape size
 * stay bounded.
 */
export const MAX_SERIES = 500;
const OVERFLOW = 'other';

/** The entry of `labels` in `values`, created when new (or the overflow entry past `max`). */
function seriesEntry<T>(
  values: Map<string, T>,
  labelNames: readonly string[],
  labels: Labels,
  max: number,
  create: (labels: Labels) => T,
): T {
  const k = key(labelNames, labels);
  const found = values.get(k);
  if (found) return found;
  const kept =
    values.size < max - 1
      ? Object.fromEntries(labelNames.map((n) => [n, labels[n] ?? '']))
      : Object.fromEntries(labelNames.map((n) => [n, OVERFLOW]));
  const k2 = key(labelNames, kept);
  const entry = values.get(k2) ?? create(kept);
  values.set(k2, entry);
  return entry;
}

export class Counter {
  readonly #values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly maxSeries = MAX_SERIES,
  ) {}

  inc(labels: Labels, by = 1): void {
    if (by < 0) throw new RangeError(`${this.name}: a counter only goes up`);
    seriesEntry(this.#values, this.labelNames, labels, this.maxSeries, (kept) => ({ labels: kept, value: 0 })).value +=
      by;
  }

  family(): MetricFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'counter',
      samples: [...this.#values.values()].map((e) => ({ labels: e.labels, value: e.value })),
    };
  }
}

export class Histogram {
  readonly #values = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly bounds: readonly number[],
    readonly maxSeries = MAX_SERIES,
  ) {}

  observe(labels: Labels, value: number): void {
    const entry = seriesEntry(this.#values, this.labelNames, labels, this.maxSeries, (kept) => ({
      labels: kept,
      buckets: this.bounds.map(() => 0),
      sum: 0,
      count: 0,
    }));
    this.bounds.forEach((le, i) => {
      if (value <= le) entry.buckets[i] += 1;
    });
    entry.sum += value;
    entry.count += 1;
  }

  family(): MetricFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'histogram',
      samples: [...this.#values.values()].flatMap((e) =>
        histogramSamples(e.labels, this.bounds, e.buckets, e.sum, e.count),
      ),
    };
  }
}

/** Latency buckets in seconds, from a cached read to a slow bulk write. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

function createMetrics() {
  return {
    apiRequestDuration: new Histogram(
      'proxbox_api_request_duration_seconds',
      'Time to answer an API request, by method, route (ids replaced by {id}) and status.',
      ['method', 'route', 'status'],
      LATENCY_BUCKETS,
    ),
    proxmoxRequests: new Counter(
      'proxbox_proxmox_requests_total',
      'HTTP requests sent to Proxmox by the sync runs of this process, by endpoint.',
      ['endpoint'],
    ),
    proxmoxErrors: new Counter(
      'proxbox_proxmox_errors_total',
      'Failures recorded by the sync runs of this process, by endpoint and category (authentication, connection, timeout, ...).',
      ['endpoint', 'category'],
    ),
  };
}

export type ProcessMetrics = ReturnType<typeof createMetrics>;

// One registry per process: Next bundles route handlers and instrumentation separately, so a
// module-level instance could exist twice.
const GLOBAL_KEY = Symbol.for('proxbox.metrics');

export function processMetrics(): ProcessMetrics {
  const holder = globalThis as unknown as Record<symbol, ProcessMetrics | undefined>;
  holder[GLOBAL_KEY] ??= createMetrics();
  return holder[GLOBAL_KEY];
}

/** Forgets every in-process figure (tests). */
export function resetProcessMetrics(): void {
  (globalThis as unknown as Record<symbol, ProcessMetrics | undefined>)[GLOBAL_KEY] = createMetrics();
}

/** An API path with its numeric ids replaced, so that the route label stays bounded. */
export function routeLabel(pathname: string): string {
  return pathname.replace(/\/\d+(?=\/|$)/g, '/{id}');
}
