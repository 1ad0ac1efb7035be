import { describe, expect, it } from 'vitest';
import { terminalEvent } from '@/lib/sync/types';
import { contractProblems, parseFrames, SSE_CONTRACT } from './sse-contract';

// The contract validator itself: it accepts each event shape Proxbox sends and names every
// departure from the contract (so the suites that use it can fail).

const GOOD: Record<string, Record<string, unknown>> = {
  step: { event: 'step', step: 'devices', status: 'started', message: 'pve: devices' },
  discovery: {
    event: 'discovery',
    phase: 'devices',
    status: 'discovered',
    message: 'pve: 2 devices found',
    count: 2,
    items: [{ name: 'pve1', item_type: 'devices' }],
    progress: { current: 2, total: 2, percent: 100 },
    metadata: { endpoint: 'pve' },
  },
  substep: {
    event: 'substep',
    phase: 'virtual-machines',
    substep: 'guest configs read',
    status: 'processing',
    message: 'pve: 1/2',
    item: 'qemu/100',
    timing: { elapsed_ms: 3 },
    result: { current: 1, total: 2, percent: 50 },
  },
  item_progress: {
    event: 'item_progress',
    phase: 'virtual-machines',
    status: 'completed',
    message: 'pve: web created',
    item: 'web',
    operation: 'created',
    progress: { current: 1, total: 1, percent: 100 },
    timing: { elapsed_ms: 0 },
    error: null,
    warning: null,
  },
  phase_summary: {
    event: 'phase_summary',
    phase: 'devices',
    status: 'completed',
    message: 'pve: devices completed',
    result: { created: 1, updated: 0, deleted: 0, failed: 0, skipped: 3 },
    timing: { elapsed_ms: 10 },
  },
  error_detail: {
    event: 'error_detail',
    phase: 'devices',
    item: 'node pve2',
    category: 'connection',
    message: 'unreachable',
    detail: 'pve: node pve2',
    suggestion: 'Check the node.',
    traceback: null,
  },
  error: {
    event: 'error',
    step: 'devices',
    status: 'failed',
    error: 'boom',
    detail: 'pve: stage devices stopped; the next stage runs.',
  },
  duplicate_name_resolved: {
    event: 'duplicate_name_resolved',
    cluster: 'c1',
    original_name: 'web',
    resolved_name: 'web (2)',
    vmid: 101,
    suffix_index: 2,
    operator_renamed: false,
  },
  complete: {
    event: 'complete',
    ok: true,
    message: 'Sync completed',
    result: { status: 'completed', stages: {}, elapsed_ms: 5 },
    errors: [],
  },
};

describe('event contract validator', () => {
  it('covers every payload class of the contract file', () => {
    expect(Object.keys(SSE_CONTRACT.payload_fields).sort()).toEqual([
      'DiscoveryMessage',
      'DuplicateNameResolvedMessage',
      'ErrorDetailMessage',
      'ItemProgressMessage',
      'PhaseSummaryMessage',
      'PlanSummaryMessage',
      'SubstepMessage',
    ]);
  });

  it.each(Object.entries(GOOD))('accepts a well-formed %s', (event, data) => {
    expect(contractProblems(event, data)).toEqual([]);
  });

  it('accepts the terminal events of runs that ended without their own', () => {
    for (const status of ['cancelled', 'failed', 'interrupted', 'completed'] as const) {
      const e = terminalEvent(status, `Run ${status}`) as unknown as Record<string, unknown>;
      expect(contractProblems('complete', e), status).toEqual([]);
      expect(e.ok).toBe(status === 'completed');
    }
  });

  it('names each departure', () => {
    expect(contractProblems('nope', { event: 'nope' })).toContain('unknown event "nope"');
    expect(contractProblems('step', { ...GOOD.step, phase: 'devices' })).toEqual(['payload: unexpected "phase"']);
    const { traceback: _t, ...noTraceback } = GOOD.error_detail;
    expect(contractProblems('error_detail', noTraceback)).toEqual([
      'payload: missing "traceback"',
      'traceback: not a string or null',
    ]);
    expect(contractProblems('error_detail', { ...GOOD.error_detail, category: 'conflict' })).toEqual([
      'category: "conflict" is not one of connection|authentication|permission|validation|not_found|timeout|rate_limit|internal|unknown',
    ]);
    expect(contractProblems('item_progress', { ...GOOD.item_progress, operation: 'create' })).toEqual([
      'operation: "create" is not one of created|updated|deleted|skipped|failed',
    ]);
    expect(contractProblems('item_progress', { ...GOOD.item_progress, operation: 'failed', status: 'failed' })).toEqual(
      ['a failed item has its error'],
    );
    expect(
      contractProblems('phase_summary', {
        ...GOOD.phase_summary,
        result: { created: 1, updated: 0, deleted: 0, unchanged: 3, failed: 0 },
      }),
    ).toEqual(['result: missing "skipped"', 'result: unexpected "unchanged"']);
    expect(contractProblems('discovery', { ...GOOD.discovery, count: 0 })).toEqual(['items: more than count']);
    expect(
      contractProblems('discovery', { ...GOOD.discovery, progress: { current: 3, total: 2, percent: 100 } }),
    ).toEqual(['progress: current > total']);
    expect(contractProblems('complete', { event: 'complete', status: 'completed', message: 'x' })).toEqual([
      'payload: missing "ok"',
      'payload: unexpected "status"',
      'ok: not a boolean',
      'neither result nor errors',
      'a failed run says why',
    ]);
    expect(contractProblems('substep', { ...GOOD.substep, event: 'step' })).toEqual([
      `payload.event "step" differs from the frame's "substep"`,
    ]);
    expect(contractProblems('progress', { event: 'progress' })).toEqual([
      'event "progress" is in the contract but Proxbox never sends it; a validator for it is missing',
    ]);
  });

  it('parses frames and skips keepalive comments', () => {
    expect(parseFrames(': keepalive\n\nid: 1\nevent: step\ndata: {"a":1}\n\n: keepalive\n\n')).toEqual([
      { event: 'step', data: { a: 1 } },
    ]);
  });
});
