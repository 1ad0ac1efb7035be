// Password login as pve-access-control does it: POST /access/ticket issues a signed ticket
// (`PVE:<user>:<hex time>::<signature>`, valid two hours) sent back in the `PVEAuthCookie` cookie,
// and a CSRFPreventionToken that writes must carry.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Proxmox tickets are valid for two hours after issue. */
export const TICKET_LIFETIME_SEC = 7200;
/** Clock skew PVE tolerates for a ticket issued "in the future". */
const MAX_SKEW_SEC = 300;

function sign(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64');
}

/** A new ticket and CSRF token for `username`, issued at `nowSec`. */
export function issueTicket(secret: string, username: string, nowSec: number): { ticket: string; csrf: string } {
  const stamp = Math.floor(nowSec).toString(16).toUpperCase().padStart(8, '0');
  const plain = `PVE:${username}:${stamp}`;
  return {
    ticket: `${plain}::${sign(secret, plain)}`,
    csrf: `${stamp}:${sign(secret, `csrf:${username}:${stamp}`).replace(/=+$/, '')}`,
  };
}

/** The user of a valid, unexpired ticket, else undefined. */
export function verifyTicket(secret: string, ticket: string, nowSec: number): string | undefined {
  const m = /^(PVE:([^:]+):([0-9A-F]{8}))::(.+)$/.exec(ticket);
  if (!m) return undefined;
  const expected = Buffer.from(sign(secret, m[1]));
  const given = Buffer.from(m[4]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const age = nowSec - parseInt(m[3], 16);
  return age < -MAX_SKEW_SEC || age >= TICKET_LIFETIME_SEC ? undefined : m[2];
}

/** The `PVEAuthCookie` value of a Cookie header, URI-unescaped like pve-http-server does. */
export function ticketCookie(header: string | undefined): string | undefined {
  const m = /(?:^|;\s*)PVEAuthCookie=([^;]*)/.exec(header ?? '');
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** Reads a login body (form-encoded, or JSON as newer clients send), at most 64 KiB. */
export async function readLoginBody(
  req: AsyncIterable<Buffer | string> & { headers: Record<string, string | string[] | undefined> },
): Promise<Record<string, string>> {
  let text = '';
  for await (const chunk of req) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.length > 65536) break;
  }
  if (String(req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** Whether `token` is the CSRF token issued with the ticket of `username` at the same time. */
export function verifyCsrf(secret: string, username: string, ticket: string, token: string | undefined): boolean {
  const stamp = /^PVE:[^:]+:([0-9A-F]{8})::/.exec(ticket)?.[1];
  return stamp !== undefined && token === issueTicket(secret, username, parseInt(stamp, 16)).csrf;
}
