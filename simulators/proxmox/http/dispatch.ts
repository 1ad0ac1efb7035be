// One request, start to finish, in the order pveproxy works: latency, authentication, path
// lookup (501), node checks (500 unknown node / 595 offline), parameter checks (400), handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Estate } from '../estate/types';
import type { ClusterFaultState } from '../faults';
import { ApiError, type ApiResult, type RequestContext } from '../render/context';
import { versionProfile, type VersionProfile } from '../versions';
import { checkAuth } from './auth';
import { issueTicket, readLoginBody, ticketCookie, verifyCsrf, verifyTicket } from './ticket';
import { matchRoute } from './router';

/** What the dispatcher of one cluster endpoint needs. */
export interface DispatchEnv {
  estate: Estate;
  clusterIndex: number;
  faults: () => ClusterFaultState;
  latencyMs: number;
  authFailureDelayMs: number;
  sleep(ms: number): Promise<void>;
  /** Clock of ticket issue and expiry, epoch ms (tests move it to expire tickets). */
  ticketClock?: () => number;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const NODE_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

/** HTTP reason phrases must be single-line printable ASCII. */
const reason = (text: string): string =>
  text
    .replace(/\n$/, '')
    .replace(/[^\t\x20-\x7e]/g, ' ')
    .slice(0, 512);

function sendEmpty(res: ServerResponse, status: number, phrase: string): void {
  if (res.destroyed) return;
  res.writeHead(status, reason(phrase), { 'Content-Length': 0 });
  res.end();
}

function sendError(res: ServerResponse, err: ApiError, profile: VersionProfile): void {
  if (err.emptyBody) return sendEmpty(res, err.status, err.message);
  const body: Record<string, unknown> = { data: null };
  if (err.errors) body.errors = err.errors;
  if (profile.errorMessage) body.message = `${err.message}\n`;
  send(res, err.status, reason(err.message), JSON.stringify(body));
}

function send(res: ServerResponse, status: number, phrase: string, body: string): void {
  if (res.destroyed) return;
  res.writeHead(status, phrase, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Envelope of a success: `{"data": …}` plus `total` only when set and non-zero (HTTPServer.pm). */
function envelope(result: ApiResult): string {
  return JSON.stringify(result.total ? { data: result.data, total: result.total } : { data: result.data });
}

/** Path checks that PVE's schema applies to every `{vmid}`/`{node}` before the handler runs. */
function checkPathParams(params: Record<string, string>): void {
  if (params.vmid !== undefined) {
    if (!/^\d+$/.test(params.vmid))
      throw new ApiError(400, 'Parameter verification failed.', {
        vmid: `type check ('integer') failed - got '${params.vmid}'`,
      });
    if (Number(params.vmid) < 100)
      throw new ApiError(400, 'Parameter verification failed.', { vmid: 'value must have a minimum value of 100' });
  }
  if (params.node !== undefined && !NODE_NAME.test(params.node)) {
    throw new ApiError(400, 'Parameter verification failed.', {
      node: 'invalid format - value does not look like a valid node name',
    });
  }
}

async function route(req: IncomingMessage, env: DispatchEnv, profile: VersionProfile): Promise<ApiResult> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const fullPath = q < 0 ? url : url.slice(0, q);
  const path = fullPath.slice('/api2/json'.length) || '/';
  const state = env.faults();
  if (req.method !== 'GET') throw new ApiError(501, `Method '${req.method} ${path}' not implemented`);
  const rule = state.failRules.find((r) => r.regex.test(path));
  if (rule) throw new ApiError(rule.status, rule.message, undefined, rule.status >= 590);
  const match = matchRoute(path);
  if (!match || (match.route.available && !match.route.available(profile)))
    throw new ApiError(501, `Method 'GET ${path}' not implemented`);
  checkPathParams(match.params);
  const cluster = env.estate.clusters[env.clusterIndex];
  if (match.params.node !== undefined) {
    const node = cluster.nodes.find((n) => n.name === match.params.node);
    if (!node) throw new ApiError(500, `no such cluster node '${match.params.node}'`);
    if (!node.online) throw new ApiError(595, 'No route to host', undefined, true);
  }
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  for (const key of query.keys()) {
    if (key !== '_dc' && !match.route.query.includes(key)) {
      throw new ApiError(400, 'Parameter verification failed.', {
        [key]: 'property is not defined in schema and the schema does not allow additional properties',
      });
    }
  }
  const ctx: RequestContext = {
    estate: env.estate,
    cluster,
    profile,
    params: match.params,
    query,
    path,
    agent: state.agent,
    sleep: env.sleep,
  };
  return match.route.handler(ctx);
}

const LOGIN_PATH = '/api2/json/access/ticket';

/**
 * POST /access/ticket: the cluster's user (the token's, e.g. root@pam) with its password gets a
 * ticket; anything else is 401 `authentication failure` after the auth failure delay, as pveproxy.
 */
async function login(req: IncomingMessage, res: ServerResponse, env: DispatchEnv, nowSec: number): Promise<void> {
  const cluster = env.estate.clusters[env.clusterIndex];
  const form = await readLoginBody(req);
  const user = cluster.tokenId.split('!')[0];
  const ok =
    !env.faults().authFailure &&
    cluster.password !== undefined &&
    form.username === user &&
    form.password === cluster.password;
  if (!ok) {
    if (env.authFailureDelayMs > 0) await env.sleep(env.authFailureDelayMs);
    return sendEmpty(res, 401, 'authentication failure');
  }
  const { ticket, csrf } = issueTicket(cluster.tokenSecret, user, nowSec);
  send(res, 200, 'OK', JSON.stringify({ data: { username: user, ticket, CSRFPreventionToken: csrf, cap: {} } }));
}

/** Serves one request of cluster `env.clusterIndex`. Never throws. */
export async function dispatch(req: IncomingMessage, res: ServerResponse, env: DispatchEnv): Promise<void> {
  const cluster = env.estate.clusters[env.clusterIndex];
  const profile = versionProfile(cluster.version);
  try {
    const state = env.faults();
    const latency = state.latencyMs ?? env.latencyMs;
    if (latency > 0) await env.sleep(latency);
    if (!(req.url ?? '').startsWith('/api2/json/')) return sendEmpty(res, 404, 'Not Found');
    const nowSec = Math.floor((env.ticketClock ?? Date.now)() / 1000);
    if (req.method === 'POST' && (req.url ?? '').split('?')[0] === LOGIN_PATH)
      return await login(req, res, env, nowSec);
    const cookie = ticketCookie(req.headers.cookie);
    const ticketUser =
      cookie !== undefined && !req.headers.authorization
        ? verifyTicket(cluster.tokenSecret, cookie, nowSec)
        : undefined;
    const auth = state.authFailure
      ? { ok: false as const, reason: 'Authentication failed!' }
      : cookie !== undefined && !req.headers.authorization
        ? ticketUser
          ? { ok: true as const }
          : { ok: false as const, reason: 'invalid ticket' }
        : checkAuth(req.headers.authorization, cluster.tokenId, cluster.tokenSecret);
    // Ticket sessions must prove every write with the CSRF token issued alongside the ticket.
    const csrf = req.headers.csrfpreventiontoken;
    if (
      auth.ok &&
      ticketUser &&
      req.method !== 'GET' &&
      !verifyCsrf(cluster.tokenSecret, ticketUser, cookie!, Array.isArray(csrf) ? csrf[0] : csrf)
    ) {
      return sendEmpty(res, 401, 'Permission denied - invalid csrf token');
    }
    if (!auth.ok) {
      if (env.authFailureDelayMs > 0) await env.sleep(env.authFailureDelayMs);
      return sendEmpty(res, 401, auth.reason);
    }
    send(res, 200, 'OK', envelope(await route(req, env, profile)));
  } catch (err) {
    if (err instanceof ApiError) return sendError(res, err, profile);
    sendError(res, new ApiError(500, `simulator error: ${err instanceof Error ? err.message : String(err)}`), profile);
  }
}
