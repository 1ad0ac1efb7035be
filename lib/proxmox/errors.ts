// Errors of the Proxmox VE API client. The categories are the `error_detail` categories of the
// progress-event contract (tests/fixtures/proxbox/proxbox_api_sse_schema.json), so the sync engine forwards them as-is.

/** Why a Proxmox request failed, in the vocabulary of the `error_detail` progress event. */
export type ProxmoxErrorCategory =
  | 'connection' // host unreachable, TLS not trusted, or the target node offline (595/596)
  | 'authentication' // 401: token id or secret rejected
  | 'permission' // 403: the token lacks a privilege
  | 'not_found' // guest/node/storage gone (500 "does not exist"), or an endpoint this PVE lacks (501)
  | 'timeout' // no complete answer within timeoutMs
  | 'validation' // the answer is not what the schema expects, or PVE rejected a parameter (400)
  | 'internal'; // any other server-side failure

export interface ProxmoxErrorInit {
  category: ProxmoxErrorCategory;
  message: string;
  status: number | null;
  path: string;
  suggestion: string;
  /** PVE's own text (body `message` or reason phrase) or the low-level error code. */
  detail?: string | null;
  cause?: unknown;
}

/** A failed Proxmox request, classified, with a suggestion a human can act on. Never holds secrets. */
export class ProxmoxError extends Error {
  readonly category: ProxmoxErrorCategory;
  /** HTTP status, or null when no answer arrived (connection error, timeout). */
  readonly status: number | null;
  /** API path without `/api2/json`, e.g. `/nodes/pve1/qemu`. */
  readonly path: string;
  readonly suggestion: string;
  readonly detail: string | null;

  constructor(init: ProxmoxErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProxmoxError';
    this.category = init.category;
    this.status = init.status;
    this.path = init.path;
    this.suggestion = init.suggestion;
    this.detail = init.detail ?? null;
  }
}

const AGENT_UNAVAILABLE = /guest agent|qga command|agent error|No QEMU guest agent configured|VM \d+ is not running/i;

/**
 * True when a guest-agent read failed because the agent cannot answer (not configured, not
 * running, VM stopped, command unsupported). The sync falls back to the config's static IPs.
 */
export function isGuestAgentUnavailable(error: unknown): boolean {
  if (!(error instanceof ProxmoxError) || error.category !== 'internal') return false;
  return AGENT_UNAVAILABLE.test(error.detail ?? '') || AGENT_UNAVAILABLE.test(error.message);
}
