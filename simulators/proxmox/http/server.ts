// One HTTP(S) server per simulated cluster endpoint, with bookkeeping that lets `stop()` cut
// hanging requests (agent timeouts) and pending delays.
import http from 'node:http';
import https from 'node:https';
import { serverLifetime } from '@/lib/net/stoppable-server';
import type { Estate } from '../estate/types';
import type { ClusterFaultState } from '../faults';
import type { SelfSigned } from '../tls';
import { dispatch } from './dispatch';

/** A running endpoint and its counters. */
export interface ClusterServer {
  port: number;
  url: string;
  count: number;
  log: string[];
  /** When each request arrived and was answered (performance.now() ms), for concurrency checks. */
  spans: { url: string; start: number; end: number }[];
  stop(): Promise<void>;
}

/** Settings of one endpoint. */
export interface ServerSettings {
  estate: Estate;
  clusterIndex: number;
  faults: () => ClusterFaultState;
  host: string;
  port: number;
  latencyMs: number;
  authFailureDelayMs: number;
  tls?: SelfSigned;
  ticketClock?: () => number;
}

/** Starts the endpoint and resolves once it listens. */
export async function startClusterServer(s: ServerSettings): Promise<ClusterServer> {
  const lifetime = serverLifetime();
  const sleep = lifetime.sleep;
  const env = {
    estate: s.estate,
    clusterIndex: s.clusterIndex,
    faults: s.faults,
    latencyMs: s.latencyMs,
    authFailureDelayMs: s.authFailureDelayMs,
    sleep,
    ticketClock: s.ticketClock,
  };
  const self: ClusterServer = { port: 0, url: '', count: 0, log: [], spans: [], stop: async () => undefined };
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    self.count++;
    self.log.push(`${req.method} ${req.url}`);
    const span = { url: `${req.method} ${req.url}`, start: performance.now(), end: Infinity };
    self.spans.push(span);
    res.on('close', () => {
      span.end = performance.now();
    });
    void dispatch(req, res, env);
  };
  const server = s.tls
    ? https.createServer({ key: s.tls.key, cert: s.tls.cert }, listener)
    : http.createServer(listener);
  const { port, url } = await lifetime.listen(server, s.host, s.port);
  self.port = port;
  self.url = url;
  self.stop = lifetime.stop;
  return self;
}
