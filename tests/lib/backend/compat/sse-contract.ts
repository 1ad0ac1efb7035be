import fs from 'node:fs';
import { fixturePath } from '../../../fixtures/paths';

// A strict validator of the backend's server-sent events against proxbox-api's wire contract:
// the event names and payload fields of tests/fixtures/proxbox/proxbox_api_sse_schema.json, and
// the value shapes proxbox-api's stream_messages.py gives them (statuses, operations, categories,
// nested progress/timing/result objects). `step`, `error` and `complete` have no field list in
// that file; their fields are proxbox-api's: step {step, status, message[, rowid, payload,
// result, duration_seconds]}, error {step, status: "failed", error, detail}, complete {ok,
// message, result | errors}. No relaxation: an unknown event, a missing or extra field, or a
// value of the wrong kind is an error.

interface Contract {
  enum_values: { StreamMessageType: string[] };
  payload_fields: Record<string, string[]>;
}

export const SSE_CONTRACT = JSON.parse(
  fs.readFileSync(fixturePath('proxbox', 'proxbox_api_sse_schema.json'), 'utf8'),
) as Contract;

const CLASS_OF: Record<string, string> = {
  discovery: 'DiscoveryMessage',
  substep: 'SubstepMessage',
  item_progress: 'ItemProgressMessage',
  phase_summary: 'PhaseSummaryMessage',
  error_detail: 'ErrorDetailMessage',
  duplicate_name_resolved: 'DuplicateNameResolvedMessage',
};

const CATEGORIES = [
  'connection',
  'authentication',
  'permission',
  'validation',
  'not_found',
  'timeout',
  'rate_limit',
  'internal',
  'unknown',
];

type Data = Record<string, unknown>;

const isObject = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

class Problems {
  list: string[] = [];
  check(ok: boolean, what: string) {
    if (!ok) this.list.push(what);
  }
  keys(data: Data, required: string[], optional: string[] = [], where = 'payload') {
    for (const k of required) this.check(k in data, `${where}: missing "${k}"`);
    for (const k of Object.keys(data))
      this.check(required.includes(k) || optional.includes(k), `${where}: unexpected "${k}"`);
  }
  string(v: unknown, where: string) {
    this.check(typeof v === 'string', `${where}: not a string`);
  }
  nullableString(v: unknown, where: string) {
    this.check(v === null || typeof v === 'string', `${where}: not a string or null`);
  }
  oneOf(v: unknown, values: string[], where: string) {
    this.check(
      typeof v === 'string' && values.includes(v),
      `${where}: ${JSON.stringify(v)} is not one of ${values.join('|')}`,
    );
  }
  progress(v: unknown, where: string) {
    if (!isObject(v)) return this.check(false, `${where}: not an object`);
    this.keys(v, ['current', 'total', 'percent'], [], where);
    for (const k of ['current', 'total']) this.check(isCount(v[k]), `${where}.${k}: not a count`);
    this.check(typeof v.percent === 'number' && v.percent >= 0 && v.percent <= 100, `${where}.percent: not 0..100`);
    this.check((v.current as number) <= (v.total as number), `${where}: current > total`);
  }
  timing(v: unknown, where: string) {
    if (!isObject(v)) return this.check(false, `${where}: not an object`);
    this.keys(v, ['elapsed_ms'], [], where);
    this.check(typeof v.elapsed_ms === 'number' && v.elapsed_ms >= 0, `${where}.elapsed_ms: not a duration`);
  }
}

/** Every way `data` (the payload of an `event:` frame named `event`) breaks the contract; [] when none. */
export function contractProblems(event: string, data: unknown): string[] {
  const p = new Problems();
  p.check(SSE_CONTRACT.enum_values.StreamMessageType.includes(event), `unknown event "${event}"`);
  if (!isObject(data)) return [...p.list, 'payload is not an object'];
  p.check(data.event === event, `payload.event ${JSON.stringify(data.event)} differs from the frame's "${event}"`);
  const cls = CLASS_OF[event];
  if (cls) p.keys(data, SSE_CONTRACT.payload_fields[cls]);
  switch (event) {
    case 'step':
      p.keys(data, ['event', 'step', 'status', 'message'], ['rowid', 'payload', 'result', 'duration_seconds']);
      p.string(data.step, 'step');
      p.oneOf(data.status, ['started', 'progress', 'completed', 'failed'], 'status');
      p.string(data.message, 'message');
      break;
    case 'discovery':
      p.string(data.phase, 'phase');
      p.oneOf(data.status, ['discovered'], 'status');
      p.string(data.message, 'message');
      p.check(isCount(data.count), 'count: not a count');
      if (!Array.isArray(data.items)) p.check(false, 'items: not a list');
      else {
        p.check(data.items.length <= (data.count as number), 'items: more than count');
        data.items.forEach((item, i) => {
          if (!isObject(item)) return p.check(false, `items[${i}]: not an object`);
          p.keys(item, ['name'], ['netbox_id', 'netbox_url', 'item_type', 'extra'], `items[${i}]`);
          p.string(item.name, `items[${i}].name`);
        });
      }
      p.progress(data.progress, 'progress');
      p.check(isObject(data.metadata), 'metadata: not an object');
      break;
    case 'substep':
      p.string(data.phase, 'phase');
      p.string(data.substep, 'substep');
      p.oneOf(data.status, ['started', 'processing', 'completed', 'failed', 'skipped'], 'status');
      p.string(data.message, 'message');
      p.nullableString(data.item, 'item');
      p.timing(data.timing, 'timing');
      p.check(data.result === null || isObject(data.result), 'result: not an object or null');
      break;
    case 'item_progress':
      p.string(data.phase, 'phase');
      p.oneOf(data.status, ['completed', 'failed'], 'status');
      p.string(data.message, 'message');
      p.string(data.item, 'item');
      p.oneOf(data.operation, ['created', 'updated', 'deleted', 'skipped', 'failed'], 'operation');
      p.progress(data.progress, 'progress');
      p.timing(data.timing, 'timing');
      p.nullableString(data.error, 'error');
      p.nullableString(data.warning, 'warning');
      p.check((data.operation === 'failed') === (data.status === 'failed'), 'operation "failed" iff status "failed"');
      p.check(data.operation !== 'failed' || typeof data.error === 'string', 'a failed item has its error');
      break;
    case 'phase_summary':
      p.string(data.phase, 'phase');
      p.oneOf(data.status, ['completed', 'completed_with_errors', 'failed'], 'status');
      p.string(data.message, 'message');
      if (!isObject(data.result)) p.check(false, 'result: not an object');
      else {
        p.keys(data.result, ['created', 'updated', 'deleted', 'failed', 'skipped'], [], 'result');
        for (const [k, v] of Object.entries(data.result)) p.check(isCount(v), `result.${k}: not a count`);
      }
      p.timing(data.timing, 'timing');
      break;
    case 'error_detail':
      for (const k of ['phase', 'item', 'message', 'detail', 'suggestion']) p.string(data[k], k);
      p.oneOf(data.category, CATEGORIES, 'category');
      p.nullableString(data.traceback, 'traceback');
      break;
    case 'error':
      p.keys(data, ['event', 'step', 'status', 'error', 'detail']);
      p.string(data.step, 'step');
      p.oneOf(data.status, ['failed'], 'status');
      p.string(data.error, 'error');
      p.string(data.detail, 'detail');
      break;
    case 'complete':
      p.keys(data, ['event', 'ok', 'message'], ['result', 'errors']);
      p.check(typeof data.ok === 'boolean', 'ok: not a boolean');
      p.string(data.message, 'message');
      p.check('result' in data || 'errors' in data, 'neither result nor errors');
      if ('errors' in data) p.check(Array.isArray(data.errors), 'errors: not a list');
      if ('result' in data) p.check(isObject(data.result), 'result: not an object');
      p.check(
        data.ok === true || (Array.isArray(data.errors) && data.errors.length > 0) || isObject(data.result),
        'a failed run says why',
      );
      break;
    case 'duplicate_name_resolved':
      for (const k of ['cluster', 'original_name', 'resolved_name']) p.string(data[k], k);
      p.check(isCount(data.vmid), 'vmid: not an id');
      p.check(Number.isInteger(data.suffix_index) && (data.suffix_index as number) >= 2, 'suffix_index: not ≥ 2');
      p.check(typeof data.operator_renamed === 'boolean', 'operator_renamed: not a boolean');
      break;
    default:
      p.check(false, `event "${event}" is in the contract but Proxbox never sends it; a validator for it is missing`);
  }
  return p.list;
}

export interface Frame {
  event: string;
  data: Data;
}

/** The `event:`/`data:` frames of an SSE text (comments such as `: keepalive` skipped). */
export function parseFrames(text: string): Frame[] {
  return text
    .split('\n\n')
    .filter((block) => /^data: /m.test(block))
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1] ?? 'message',
      data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) as Data,
    }));
}
