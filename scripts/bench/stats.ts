// Percentiles and the report formats of the page benchmark.

export interface CaseStats {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

export function summarize(samples: number[]): CaseStats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round1(percentile(sorted, 50)),
    p95: round1(percentile(sorted, 95)),
    min: round1(sorted[0]),
    max: round1(sorted[sorted.length - 1]),
  };
}

export function formatTable(results: [string, CaseStats][]): string {
  const header = ['case', 'n', 'p50 ms', 'p95 ms', 'min ms', 'max ms'];
  const rows = results.map(([name, s]) => [
    name,
    String(s.n),
    s.p50.toFixed(1),
    s.p95.toFixed(1),
    s.min.toFixed(1),
    s.max.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The machine-readable summary line: `{"guests": N, "cases": {"x": {"p50_ms": a, "p95_ms": b}}}`. */
export function summaryLine(guests: number, results: [string, CaseStats][]): string {
  const cases = results
    .map(([name, s]) => `${JSON.stringify(name)}: {"p50_ms": ${s.p50}, "p95_ms": ${s.p95}}`)
    .join(', ');
  return `{"guests": ${guests}, "cases": {${cases}}}`;
}
