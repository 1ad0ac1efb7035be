// Tolerant readers for Proxmox JSON (DESIGN 4, "Tolerant parsing"): 0/1 and true/false booleans,
// numbers sent as strings, absent keys. Each returns null rather than throwing.

export type Obj = Record<string, unknown>;

export function asObject(value: unknown): Obj | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : null;
}

export function asArray(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(asObject).filter((v): v is Obj => v !== null) : [];
}

export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function int(value: unknown): number | null {
  const n = num(value);
  return n === null ? null : Math.trunc(n);
}

export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1') return true;
  if (value === 0 || value === '0') return false;
  if (typeof value === 'string') {
    const v = value.toLowerCase();
    if (['true', 'yes', 'on'].includes(v)) return true;
    if (['false', 'no', 'off'].includes(v)) return false;
  }
  return null;
}

export function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** Epoch seconds → Date. */
export function epoch(value: unknown): Date | null {
  const n = num(value);
  return n === null || n <= 0 ? null : new Date(n * 1000);
}
