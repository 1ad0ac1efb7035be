import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { refuseOversizedBody } from '@/lib/server/body-guard';
import { API_SECURITY_HEADERS } from '@/lib/http/security-headers';
import { enablePeerStamping, stampPeer } from '@/lib/server/peer';

// The backend role as its own HTTP server (`npm run backend`, tests, bench:auth): it serves the
// very route handlers of app/api/backend/** — found on disk, so a new route file is served
// without listing it here — and answers 404 to everything else (no pages, no NetBox API).
// Every route answers both under /api/backend/ and at the root (`/health`, `/dcim/devices/
// create/stream`, …): the root is where the netbox-proxbox plugin calls proxbox-api, so its
// FastAPI endpoint can point at this server unchanged.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface BackendRoute {
  /** e.g. `auth/keys/[id]/deactivate`. */
  path: string;
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const PREFIX = '/api/backend/';

function routeFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return routeFiles(dir, child);
    return entry.name === 'route.ts' || entry.name === 'route.js' ? [rel] : [];
  });
}

/** `auth/keys/[id]` → /^auth\/keys\/(?<id>[^/]+)$/ (Next's dynamic segments). */
function patternOf(routePath: string): RegExp {
  const source = routePath
    .split('/')
    .map((segment) =>
      /^\[\w+\]$/.test(segment) ? `(?<${segment.slice(1, -1)}>[^/]+)` : segment.replace(/[.*+?^${}()|\\]/g, '\\$&'),
    )
    .join('\\/');
  return new RegExp(`^${source}$`);
}

/** Imports every route module under `<root>/app/api/backend`. */
export async function loadBackendRoutes(root = process.cwd()): Promise<BackendRoute[]> {
  const dir = path.join(root, 'app', 'api', 'backend');
  const routes: BackendRoute[] = [];
  for (const rel of routeFiles(dir)) {
    const file = fs.existsSync(path.join(dir, rel, 'route.ts'))
      ? path.join(dir, rel, 'route.ts')
      : path.join(dir, rel, 'route.js');
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const methods = Object.fromEntries(
      METHODS.filter((m) => typeof mod[m] === 'function').map((m) => [m, mod[m] as Handler]),
    );
    routes.push({ path: rel, pattern: patternOf(rel), methods });
  }
  // As in Next, a static segment wins over a dynamic one (`virtual-machines/storage/create` is not
  // `virtual-machines/[id]/create`): routes with fewer dynamic segments are tried first.
  const dynamicSegments = (route: BackendRoute) => route.path.split('/').filter((s) => s.startsWith('[')).length;
  return routes.sort((a, b) => dynamicSegments(a) - dynamicSegments(b));
}

export const NOT_FOUND =
  'Not found. This is the Proxbox backend: only the backend API (at the root or under /api/backend/) is served here.';

function notFound(): Response {
  return Response.json({ detail: NOT_FOUND }, { status: 404 });
}

/** Routes one request to its handler, as Next's router would. */
export async function dispatchBackend(routes: BackendRoute[], req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  const prefixed = pathname.startsWith(PREFIX) || pathname === PREFIX.slice(0, -1);
  const rel = (prefixed ? pathname.slice(PREFIX.length) : pathname.slice(1)).replace(/\/$/, '');
  for (const route of routes) {
    const match = route.pattern.exec(rel);
    if (!match) continue;
    const handler = route.methods[req.method];
    if (!handler)
      return Response.json(
        { detail: `Method "${req.method}" not allowed.` },
        { status: 405, headers: { Allow: Object.keys(route.methods).join(', ') } },
      );
    // As Next's router: segments arrive decoded (`auth/lockouts/2001%3Adb8%3A%3A%2F64` is `2001:db8::/64`).
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        return Response.json({ detail: `Malformed path segment "${value}".` }, { status: 400 });
      }
    }
    return handler(req, { params: Promise.resolve(params) });
  }
  return notFound();
}

/** A Node request as the fetch `Request` route handlers take (the body streamed, not buffered). */
export function toRequest(req: http.IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal,
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a route handler's `Response` to a Node response. */
export async function writeResponse(res: http.ServerResponse, response: Response): Promise<void> {
  // The headers next.config.js gives the same routes under `npm start`.
  res.writeHead(response.status, { ...API_SECURITY_HEADERS, ...Object.fromEntries(response.headers) });
  if (!response.body) return void res.end();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

/** An HTTP server for the backend routes (not yet listening). */
export function createBackendServer(routes: BackendRoute[]): http.Server {
  // The socket peer goes to the lockout as under `npm start` (lib/auth/client-ip.ts).
  enablePeerStamping();
  return http.createServer((req, res) => {
    stampPeer(req);
    if (refuseOversizedBody(req, res)) return;
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    dispatchBackend(routes, toRequest(req, origin, abort.signal))
      .then((response) => writeResponse(res, response))
      .catch((err: unknown) => {
        console.error('Backend request failed:', err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: 'Internal server error (see the backend log).' }));
      });
  });
}
