// One HTTP request to NetBox: the shared bounded request (SSRF guard on the address actually
// connected to, one deadline for the whole exchange, a cap on the answer's size) over the
// client's keep-alive agent (lib/net/agent.ts).
import type http from 'node:http';
import { sendBounded } from '@/lib/net/bounded-request';
import type { AddressPolicy, Resolver } from '@/lib/net/ssrf-guard';
import type { RawResponse } from '@/lib/proxmox/http/transport';

/** NetBox pages are at most 1000 objects; even fat VM objects stay far below this. */
export const MAX_NETBOX_BODY_BYTES = 32 * 1024 * 1024;

export interface NetboxHttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes?: number;
  /** The SSRF policy the NetBox address must pass (refused targets are never contacted). */
  policy: AddressPolicy;
  resolver?: Resolver;
}

/** Sends one request; resolves with the full answer (any status), rejects only with an OutboundError. */
export async function sendRequest(request: NetboxHttpRequest): Promise<RawResponse> {
  const headers = { ...request.headers };
  // A declared length rather than chunked encoding: WSGI servers in front of NetBox handle it everywhere.
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  const res = await sendBounded({
    url: request.url,
    method: request.method,
    headers,
    body: request.body,
    agent: request.agent,
    policy: request.policy,
    resolver: request.resolver,
    timeoutMs: request.timeoutMs,
    maxBytes: request.maxBytes ?? MAX_NETBOX_BODY_BYTES,
  });
  return {
    status: res.status,
    statusMessage: res.statusMessage,
    contentType: res.contentType,
    body: res.body.toString('utf8'),
  };
}
