// Tolerant building blocks for Proxmox VE answers: Perl emits booleans as
// 0/1, many numbers as strings, leaves optional keys out and occasionally sends null.
import { z } from 'zod';

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes']);
const FALSE_WORDS = new Set(['0', 'false', 'off', 'no', '']);

function toBoolean(value: unknown): unknown {
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return value;
}

function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : value;
}

/** 0/1, true/false and their string forms → boolean. */
export const pveBool = z.preprocess(toBoolean, z.boolean());

/** A number, also when sent as a numeric string ("2048", "3400.000"). */
export const pveNum = z.preprocess(toNumber, z.number());

/** A string, also when SectionConfig numified it (`vmid: 100` where "100,101" is possible). */
export const pveStr = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());

/** An optional key: absent and null both mean "not set" and come out as undefined. */
export function opt<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional());
}

/** Optional 0/1 flag. */
export const optBool = opt(pveBool);
/** Optional number (bytes, seconds, counts, fractions); "" also counts as not set. */
export const optNum = z.preprocess(
  (v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v),
  pveNum.optional(),
);
/** Optional string. */
export const optStr = opt(pveStr);

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Preprocessor for open `type`-tagged unions: entries whose `type` is not one of `known` become
 * `{...entry, type: 'other', originalType}` so a discriminated union keeps them instead of failing.
 */
export function tagUnknownType(known: readonly string[]) {
  const knownSet = new Set(known);
  return (value: unknown): unknown => {
    if (!isRecord(value) || typeof value.type !== 'string' || knownSet.has(value.type)) return value;
    return { ...value, type: 'other', originalType: value.type };
  };
}

/** The variant for entry types this client does not know yet; all their keys are kept. */
export const otherEntrySchema = z.object({ type: z.literal('other'), originalType: z.string(), id: optStr }).loose();
export type PveOtherEntry = z.infer<typeof otherEntrySchema>;

/** Marker in a zod issue's `params` for a guest-agent error that arrived with HTTP 200 (PVE ≤ 6). */
export const AGENT_ERROR_PARAM = 'pveAgentError';

/** One IP address of a guest interface, normalised from the agent's and LXC's spellings. */
export interface PveIpAddress {
  address: string;
  prefix: number | null;
  family: 'inet' | 'inet6';
}

/** `ipv4`/`inet` → inet, `ipv6`/`inet6` → inet6; otherwise guessed from the address. */
export function ipFamily(type: string | undefined, address: string): 'inet' | 'inet6' {
  if (type === 'ipv6' || type === 'inet6') return 'inet6';
  if (type === 'ipv4' || type === 'inet') return 'inet';
  return address.includes(':') ? 'inet6' : 'inet';
}

/** The `ip-addresses` list both the QEMU agent and PVE ≥ 8.4 LXC `/interfaces` use. */
export const ipAddressListSchema = z.array(
  z.object({ 'ip-address': z.string(), 'ip-address-type': optStr, prefix: optNum }).loose(),
);

/** `ip-addresses` entries → PveIpAddress. */
export function normaliseIpAddresses(list: z.infer<typeof ipAddressListSchema> | undefined): PveIpAddress[] {
  return (list ?? []).map((entry) => ({
    address: entry['ip-address'],
    prefix: entry.prefix ?? null,
    family: ipFamily(entry['ip-address-type'], entry['ip-address']),
  }));
}
