// One HTTP request to NetBox over node:http/node:https with a keep-alive agent (shared with the
// Proxmox client: lib/proxmox/http/transport.ts), a whole-request deadline and a body size cap.
import http from 'node:http';
import https from 'node:https';
import { TransportError, type RawResponse } from '@/lib/proxmox/http/transport';

export { TransportError, createAgent } from '@/lib/proxmox/http/transport';

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
}

function errorCode(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return null;
}

/** Sends one request; resolves with the full answer (any status), rejects only with a TransportError. */
export function sendRequest(request: NetboxHttpRequest): Promise<RawResponse> {
  const { url, agent, timeoutMs, method } = request;
  const maxBytes = request.maxBytes ?? MAX_NETBOX_BODY_BYTES;
  const transport = url.protocol === 'https:' ? https : http;
  const headers = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    const fail = (error: TransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
      req?.destroy();
    };
    const timer = setTimeout(() => fail(new TransportError('timeout', null, `no complete answer within ${timeoutMs} ms`)), timeoutMs);
    const onError = (error: unknown) => {
      const code = errorCode(error);
      fail(new TransportError('network', code, code ?? (error instanceof Error ? error.message : 'network error'), { cause: error }));
    };
    try {
      req = transport.request(url, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return fail(new TransportError('too_large', null, `answer larger than ${maxBytes} bytes`));
          chunks.push(chunk);
        });
        res.on('error', onError);
        res.on('close', () => {
          if (!res.complete) onError(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
        });
      });
    } catch (error) {
      onError(error);
      return;
    }
    req.on('error', onError);
    req.end(request.body);
  });
}
