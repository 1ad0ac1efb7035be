import { parseAgent, type AgentConfig } from './agent';
import type { GuestType } from './disk-keys';
import { parseGuestDevices, type ConfigError, type GuestDevices } from './guest-devices';
import { parseMemory } from './memory';
import { fail, ok, type ParseResult } from './result';
import { describe, parseBoolean, parseInteger } from './scalars';
import { parseTags } from './tags';

/** What an inventory sync needs from `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`. */
export interface ParsedGuestConfig extends GuestDevices {
  guestType: GuestType;
  /** QEMU `name` or LXC `hostname`; null when unset. */
  name: string | null;
  /** QEMU only; `{ enabled: false }` when unset (PVE's default); null for containers or when unreadable. */
  agent: AgentConfig | null;
  tags: string[];
  onboot: boolean;
  /** Configured memory; 512 (PVE's default) when unset, null when unreadable. */
  memoryMiB: number | null;
  /** QEMU default 1; for LXC null means no limit (all host cores). Null when unreadable. */
  cores: number | null;
  /** QEMU only (default 1); null for containers or when unreadable. */
  sockets: number | null;
  /** Hot-plugged vCPU count when set; otherwise sockets × cores apply. */
  vcpus: number | null;
  /** LXC only. */
  unprivileged?: boolean;
  searchdomain?: string;
  nameserver?: string;
  description?: string;
  errors: ConfigError[];
}

const DEFAULT_MEMORY_MIB = 512;

function ownValue(config: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(config, key) ? config[key] : undefined;
}

/**
 * Reads an optional config value with `parse`. An absent (or null) value yields `absent`; a
 * failure is recorded in `errors` and yields `invalid`.
 */
function readValue<T, A, I>(
  config: Readonly<Record<string, unknown>>,
  key: string,
  errors: ConfigError[],
  parse: (value: unknown) => ParseResult<T>,
  absent: A,
  invalid: I,
): T | A | I {
  const value = ownValue(config, key);
  if (value == null) return absent;
  const result = parse(value);
  if (result.ok) return result.value;
  errors.push({ key, value, error: result.error });
  return invalid;
}

function textValue(value: unknown): ParseResult<string> {
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'number' && Number.isFinite(value)) return ok(String(value));
  return fail(`expected text, got ${describe(value)}`);
}

function tagsValue(value: unknown): ParseResult<string[]> {
  return typeof value === 'string' ? ok(parseTags(value)) : fail(`expected a tag list, got ${describe(value)}`);
}

function agentValue(value: unknown): ParseResult<AgentConfig> {
  if (typeof value === 'string' || typeof value === 'number') return parseAgent(value);
  return fail(`expected an agent string, got ${describe(value)}`);
}

const countValue = (value: unknown) => parseInteger(value, 'count', { min: 1 });

/**
 * Parses a whole guest config as the API returns it: values may be numbers, numeric strings,
 * 0/1, true/false or property strings, keys come in any order, and unknown keys are ignored.
 * Nothing throws: every unreadable entry is listed in `errors` with its raw value, and the
 * rest of the config is still returned, so one bad disk never hides a guest from the inventory.
 */
export function parseGuestConfig(type: GuestType, config: Record<string, unknown>): ParsedGuestConfig {
  const errors: ConfigError[] = [];
  const source: Readonly<Record<string, unknown>> =
    typeof config === 'object' && config !== null && !Array.isArray(config) ? config : {};
  if (source !== config) {
    errors.push({ key: '', value: config, error: `expected a config object, got ${describe(config)}` });
  }
  const qemu = type === 'qemu';
  const devices = parseGuestDevices(type, source, errors);
  const read = <T, A, I>(key: string, parse: (value: unknown) => ParseResult<T>, absent: A, invalid: I) =>
    readValue(source, key, errors, parse, absent, invalid);
  const result: ParsedGuestConfig = {
    guestType: type,
    name: read(qemu ? 'name' : 'hostname', textValue, null, null),
    ...devices,
    agent: qemu ? read('agent', agentValue, { enabled: false }, null) : null,
    tags: read('tags', tagsValue, [], []),
    onboot: read('onboot', parseBoolean, false, false),
    memoryMiB: read('memory', parseMemory, DEFAULT_MEMORY_MIB, null),
    cores: read('cores', countValue, qemu ? 1 : null, null),
    sockets: qemu ? read('sockets', countValue, 1, null) : null,
    vcpus: qemu ? read('vcpus', countValue, null, null) : null,
    errors,
  };
  if (!qemu) result.unprivileged = read('unprivileged', parseBoolean, false, false);
  for (const key of ['searchdomain', 'nameserver', 'description'] as const) {
    const text = read(key, textValue, undefined, undefined);
    if (text !== undefined) result[key] = text;
  }
  return result;
}
