// A tiny HTTP(S) server for client tests: the handler can be swapped per test, and it records
// the requests, the peak number of requests in flight and the TCP connections it accepted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` or `https://localhost:PORT`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  readonly maxInFlight: number;
  readonly connections: number;
  /** Sets the handler and clears the statistics. */
  use(handler: Handler): void;
  close(): Promise<void>;
}

/** Sends `{data, ...extra}` (or a raw body) with an optional reason phrase. */
export function reply(res: http.ServerResponse, status: number, body: unknown, reason?: string): void {
  const text = body === '' ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const headers = { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text) };
  if (reason === undefined) res.writeHead(status, headers);
  else res.writeHead(status, reason, headers);
  res.end(text);
}

export async function startServer(tls?: { key: string; cert: string }): Promise<TestServer> {
  let handler: Handler = (_req, res) => reply(res, 404, { data: null });
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  const requests: RecordedRequest[] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    handler(req, res);
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  server.on(tls ? 'secureConnection' : 'connection', () => connections++);
  const host = tls ? 'localhost' : '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    get connections() {
      return connections;
    },
    use(next) {
      handler = next;
      requests.length = 0;
      maxInFlight = 0;
      connections = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for CN=localhost in a temp directory (removed by `cleanup`). */
export function makeCertificate(): { key: string; cert: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return {
    key: fs.readFileSync(keyFile, 'utf8'),
    cert: fs.readFileSync(certFile, 'utf8'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
