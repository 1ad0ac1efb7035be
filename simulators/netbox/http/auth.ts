// Token authentication as NetBox does it. 4.5+ (v2 tokens): `Token <40 chars>` (v1) or
// `Bearer nbt_<key>.<secret>` (v2, told apart by the `nbt_` prefix, not by the keyword). Before
// 4.5 only `Token` exists and the messages are DRF's. Every failure is a 403, never a 401,
// because NetBox's auth classes send no WWW-Authenticate header.
import type { VersionProfile } from '../versions';

export interface Tokens {
  v1: string[];
  v2: { key: string; secret: string }[];
}

/** Which tokens may write (`'all'`, or v1 token strings / v2 keys). */
export type WriteTokens = 'all' | string[];

export type AuthResult = { ok: true; identity: string } | { ok: false; detail: string };

const ANONYMOUS = 'Authentication credentials were not provided.';

export function authenticate(header: string | undefined, tokens: Tokens, p: VersionProfile): AuthResult {
  const parts = (header ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { ok: false, detail: ANONYMOUS };
  const keyword = parts[0].toLowerCase();
  if (!p.v45) {
    if (keyword !== 'token') return { ok: false, detail: ANONYMOUS };
    if (parts.length === 1) return { ok: false, detail: 'Invalid token header. No credentials provided.' };
    if (parts.length > 2) return { ok: false, detail: 'Invalid token header. Token string should not contain spaces.' };
    return tokens.v1.includes(parts[1]) ? { ok: true, identity: parts[1] } : { ok: false, detail: 'Invalid token' };
  }
  if (keyword !== 'token' && keyword !== 'bearer') return { ok: false, detail: ANONYMOUS };
  if (parts.length !== 2)
    return {
      ok: false,
      detail: 'Invalid authorization header: Must be in the form "Bearer <key>.<token>" or "Token <token>"',
    };
  const value = parts[1];
  if (value.startsWith('nbt_')) {
    const dot = value.indexOf('.');
    if (dot < 0)
      return {
        ok: false,
        detail: "Invalid v2 token: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?",
      };
    const key = value.slice(4, dot);
    const secret = value.slice(dot + 1);
    const hit = tokens.v2.find((t) => t.key === key && t.secret === secret);
    return hit ? { ok: true, identity: key } : { ok: false, detail: 'Invalid v2 token' };
  }
  return tokens.v1.includes(value) ? { ok: true, identity: value } : { ok: false, detail: 'Invalid v1 token' };
}

export function mayWrite(identity: string, writeTokens: WriteTokens): boolean {
  return writeTokens === 'all' || writeTokens.includes(identity);
}
