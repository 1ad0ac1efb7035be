// Turns transport failures and non-2xx answers into ProxmoxErrors with a human suggestion, and
// decides which of them a retry can heal. Status codes and texts are the ones Proxmox VE's API server sends.
import { SSRF_SUGGESTION } from '@/lib/net/ssrf-guard';
import { ProxmoxError, type ProxmoxErrorCategory } from '../errors';
import { nodeOfPath } from './path';
import type { RawResponse, TransportError } from './transport';

export interface RequestContext {
  path: string;
  /** `host:port` of the API endpoint. */
  host: string;
  timeoutMs: number;
  /** Removes the token secret from any server- or OS-provided text. */
  redact: (text: string) => string;
}

export interface Failure {
  error: ProxmoxError;
  retryable: boolean;
}

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'INVALID_CA',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/** Socket errors that a pveproxy restart or a network blip explains; DNS misses and TLS do not heal. */
const RETRYABLE_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
]);
const NOT_FOUND_TEXT = /does not exist|no such |hostname lookup '[^']*' failed|unable to find configuration file/i;
const AGENT_TEXT = /guest agent|qga command|No QEMU guest agent configured|VM \d+ is not running/i;
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

function failure(
  ctx: RequestContext,
  category: ProxmoxErrorCategory,
  retryable: boolean,
  parts: {
    message: string;
    suggestion: string;
    status?: number | null;
    detail?: string | null;
    cause?: unknown;
  },
): Failure {
  const error = new ProxmoxError({
    category,
    status: parts.status ?? null,
    path: ctx.path,
    message: ctx.redact(`GET ${ctx.path}: ${parts.message}`),
    suggestion: ctx.redact(parts.suggestion),
    detail: parts.detail == null ? null : ctx.redact(parts.detail),
    cause: parts.cause,
  });
  return { error, retryable };
}

/** A request that got no complete HTTP answer. */
export function classifyTransportError(error: TransportError, ctx: RequestContext): Failure {
  const code = error.code;
  const base = { detail: code ?? error.message, cause: error };
  if (error.kind === 'timeout' || code === 'ETIMEDOUT') {
    return failure(ctx, 'timeout', true, {
      ...base,
      message: `no answer from ${ctx.host} within ${ctx.timeoutMs} ms`,
      suggestion: `${ctx.host} answers too slowly: check the node's load and the network, or raise the timeout`,
    });
  }
  if (error.kind === 'blocked') {
    return failure(ctx, 'connection', false, {
      ...base,
      message: `refused to contact ${ctx.host}: ${error.message}`,
      suggestion: SSRF_SUGGESTION,
    });
  }
  if (error.kind === 'too_large') {
    return failure(ctx, 'internal', false, {
      ...base,
      message: error.message,
      suggestion: 'The answer is unexpectedly large: check that the base URL points at the Proxmox VE API',
    });
  }
  if (code && TLS_UNTRUSTED.has(code)) {
    const why =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'is not issued for this host name'
        : /EXPIRED|NOT_YET_VALID/.test(code)
          ? 'is expired or not yet valid'
          : 'is not trusted';
    return failure(ctx, 'connection', false, {
      ...base,
      message: `the TLS certificate of ${ctx.host} ${why} (${code})`,
      suggestion:
        'certificate not trusted: turn off verify_ssl or add the CA certificate' +
        (code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? ' (or use the host name the certificate names)' : ''),
    });
  }
  if (code && (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('HPE_'))) {
    return failure(ctx, 'connection', false, {
      ...base,
      message: `${ctx.host} did not answer with the expected protocol (${code})`,
      suggestion: `Check the scheme and port: the Proxmox VE API listens on https://<host>:8006`,
    });
  }
  const reason =
    code === 'ENOTFOUND'
      ? 'host name not found'
      : code === 'ECONNREFUSED'
        ? 'connection refused'
        : (code ?? 'network error');
  return failure(ctx, 'connection', code !== null && RETRYABLE_NETWORK.has(code), {
    ...base,
    message: `cannot reach ${ctx.host} (${reason})`,
    suggestion: `Cannot reach ${ctx.host}: check the address and that pveproxy runs`,
  });
}

/** PVE's error text: the body's `message` (PVE ≥ 8.4) or the HTTP reason phrase, without Perl's newline. */
export function errorText(response: RawResponse, bodyMessage: string | null): string {
  return (bodyMessage ?? response.statusMessage).trim();
}

/** Suggestion for a 403, naming the privilege and ACL path PVE reports. */
export function permissionSuggestion(text: string): string {
  if (/not available with API token/i.test(text)) return 'This endpoint cannot be used with an API token';
  const match = /Permission check failed \(([^,()]+),\s*([^()]+)\)/.exec(text);
  if (match) {
    const privileges = match[2]
      .split('|')
      .map((p) => p.trim())
      .filter(Boolean);
    const agentNote = privileges.includes('VM.Monitor')
      ? '; on PVE 8 the guest agent also needs a role with VM.Monitor'
      : '';
    return `token lacks ${privileges.join(' or ')} on ${match[1].trim()} (grant PVEAuditor on / to the token${agentNote})`;
  }
  return 'The token lacks a privilege: grant PVEAuditor on / to the token (privilege-separated tokens need their own ACL entry)';
}

/** A complete answer with a non-2xx status; `errors` is the 400 parameter map. */
export function classifyStatus(
  response: RawResponse,
  ctx: RequestContext,
  body: { message: string | null; errors: Record<string, string> | null },
): Failure {
  const status = response.status;
  const text = errorText(response, body.message);
  const parts = { status, detail: text || null };
  const said = text ? `${text} (HTTP ${status})` : `HTTP ${status}`;
  if (status === 400) {
    const params = Object.entries(body.errors ?? {})
      .map(([k, v]) => `${k}: ${String(v).trim()}`)
      .join('; ');
    return failure(ctx, 'validation', false, {
      ...parts,
      message: params ? `${said}: ${params}` : said,
      suggestion: 'Proxmox VE rejected a request parameter: this Proxmox VE version may not support it',
    });
  }
  if (status === 401) {
    return failure(ctx, 'authentication', false, {
      ...parts,
      message: said,
      suggestion: 'token rejected: check the token id user@realm!name and secret; has it expired?',
    });
  }
  if (status === 403)
    return failure(ctx, 'permission', false, { ...parts, message: said, suggestion: permissionSuggestion(text) });
  if (status === 404) {
    return failure(ctx, 'not_found', false, {
      ...parts,
      message: said,
      suggestion: 'Check the base URL: it should be https://<host>:8006 with no path',
    });
  }
  if (status === 501) {
    return failure(ctx, 'not_found', false, {
      ...parts,
      message: said,
      suggestion: `This Proxmox VE version does not provide GET ${ctx.path}; upgrade it or skip what needs it`,
    });
  }
  if (status === 595 || status === 596) {
    const node = nodeOfPath(ctx.path) ?? 'the target';
    return failure(ctx, 'connection', false, {
      ...parts,
      message: said,
      suggestion: `node ${node} is offline or unreachable from the node answering the API`,
    });
  }
  if (status === 500 && NOT_FOUND_TEXT.test(text)) {
    return failure(ctx, 'not_found', false, {
      ...parts,
      message: said,
      suggestion: /no such cluster node|hostname lookup/i.test(text)
        ? `node ${nodeOfPath(ctx.path) ?? ''} is not a member of this cluster (any more)`
        : 'The object was removed or moved in Proxmox VE; the next sync picks up the change',
    });
  }
  if (status === 500 && AGENT_TEXT.test(text)) {
    return failure(ctx, 'internal', false, {
      ...parts,
      message: said,
      suggestion:
        'The guest agent cannot answer: start the guest, install qemu-guest-agent in it and enable the agent option',
    });
  }
  return failure(ctx, 'internal', RETRYABLE_STATUS.has(status), {
    ...parts,
    message: text ? said : `HTTP ${status} without an error text`,
    suggestion:
      status >= 500
        ? `Proxmox VE failed on ${ctx.host}: see the node's syslog (journalctl -u pveproxy -u pvedaemon)`
        : `Unexpected HTTP ${status}: check the base URL and any proxy in front of Proxmox VE`,
  });
}
