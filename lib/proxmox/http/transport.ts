// One HTTP GET over node:http/node:https with a keep-alive agent, the SSRF guard, a
// whole-request deadline and a body size cap (lib/net/bounded-request.ts). It knows nothing
// about Proxmox semantics; classify.ts turns results into errors.
import type http from 'node:http';
import { envPositiveInt, sendBounded } from '@/lib/net/bounded-request';
import type { AddressPolicy, Resolver } from '@/lib/net/ssrf-guard';

/** Answers bigger than this are cut off; the largest real bodies (task lists, resources) are far smaller. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** The cap in force: PROXBOX_PROXMOX_MAX_RESPONSE_BYTES, else MAX_BODY_BYTES. */
export function maxBodyBytes(): number {
  return envPositiveInt('PROXBOX_PROXMOX_MAX_RESPONSE_BYTES', MAX_BODY_BYTES);
}

export interface RawResponse {
  status: number;
  /** HTTP reason phrase; PVE < 8.4 puts its error text only here. */
  statusMessage: string;
  contentType: string;
  body: string;
}

/** A request that got no complete answer: refused by the SSRF guard, a socket/TLS error, a timeout or an oversized body. */
export { OutboundError as TransportError } from '@/lib/net/bounded-request';

export { createAgent, type AgentOptions } from '@/lib/net/agent';

export interface GetRequest {
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: AddressPolicy;
  resolver?: Resolver;
  /** GET unless given; the only POST is the ticket login (form body). */
  method?: 'GET' | 'POST';
  body?: string;
}

/** Sends one request (a GET, or the ticket login's POST) and resolves with the full answer (any status); rejects only with a TransportError. */
export async function sendGet(request: GetRequest): Promise<RawResponse> {
  const headers = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  const res = await sendBounded({ ...request, headers, method: request.method ?? 'GET', maxBytes: maxBodyBytes() });
  return {
    status: res.status,
    statusMessage: res.statusMessage,
    contentType: res.contentType,
    body: res.body.toString('utf8'),
  };
}
