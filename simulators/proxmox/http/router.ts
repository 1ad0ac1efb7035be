// Matches an API path against the route templates. Segments are URI-decoded (UPIDs arrive with
// their colons percent-encoded or not, depending on the client).
import { ROUTES, type Route } from './routes';

interface Compiled {
  route: Route;
  segments: string[];
}

const compiled: Compiled[] = ROUTES.map((route) => ({ route, segments: route.pattern.split('/').slice(1) }));

/** A matched route and its path parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Finds the route for `path` (below `/api2/json`, no query); undefined → 501. */
export function matchRoute(path: string): RouteMatch | undefined {
  const parts = path.replace(/\/+$/, '').split('/').slice(1);
  outer: for (const { route, segments } of compiled) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (seg.startsWith('{')) {
        let value: string;
        try {
          value = decodeURIComponent(parts[i]);
        } catch {
          continue outer;
        }
        if (value === '') continue outer;
        params[seg.slice(1, -1)] = value;
      } else if (seg !== parts[i]) continue outer;
    }
    return { route, params };
  }
  return undefined;
}
