// The HTTP server: latency, faults, the request log, NetBox's response headers, and a stop()
// that cuts keep-alive sockets and pending delays.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { serverLifetime } from '@/lib/net/stoppable-server';
import { NetboxError } from '../models/types';
import { faultAnswer, handle, type Answer, type HandlerEnv } from './handler';

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  objects?: number;
  /** Time the simulator spent on the request, without the injected latency (ms). */
  ms?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function send(res: http.ServerResponse, answer: Answer, apiVersion: string, head: boolean): void {
  if (res.destroyed) return;
  const headers: Record<string, string | number> = {
    'API-Version': apiVersion,
    'X-Request-ID': randomUUID(),
    Vary: 'Accept, Cookie, Origin',
    ...(answer.headers ?? {}),
  };
  if (answer.body === undefined) {
    res.writeHead(answer.status, { ...headers, 'Content-Length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(head ? undefined : text);
}

export async function startServer(
  env: HandlerEnv,
  host: string,
  port: number,
  requests: LoggedRequest[],
): Promise<RunningServer> {
  const lifetime = serverLifetime();
  const sleep = lifetime.sleep;

  const listener = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${host}:${port}`}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: LoggedRequest = { method, path: url.pathname, query: url.search.replace(/^\?/, ''), status: 0 };
    if (!url.pathname.startsWith('/__sim/')) requests.push(entry);
    let answer: Answer;
    let started = 0;
    try {
      const control = url.pathname.startsWith('/__sim/');
      if (env.faults.latencyMs > 0 && !control) await sleep(env.faults.latencyMs);
      started = performance.now();
      const fault = control ? null : env.faults.take(method, url.pathname);
      if (fault && !fault.after) {
        req.resume();
        answer = faultAnswer(fault.status, env.profile);
      } else {
        try {
          answer = await handle(req, url, env);
        } catch (err) {
          if (!(err instanceof NetboxError)) throw err;
          answer = { status: err.status, body: err.body };
        }
        if (fault) answer = faultAnswer(fault.status, env.profile);
      }
    } catch (err) {
      answer = {
        status: 500,
        body: {
          error: (err as Error).message,
          exception: (err as Error).name,
          netbox_version: env.profile.full,
          python_version: env.profile.python,
        },
      };
    }
    entry.status = answer.status;
    if (answer.objects !== undefined) entry.objects = answer.objects;
    send(res, answer, env.profile.version, method === 'HEAD');
    if (started) entry.ms = Math.round((performance.now() - started) * 100) / 100;
  };

  const server = http.createServer((req, res) => void listener(req, res));
  const { url, port: actual } = await lifetime.listen(server, host, port);
  return { url, port: actual, stop: lifetime.stop };
}
