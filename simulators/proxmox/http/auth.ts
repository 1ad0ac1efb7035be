// API token authentication as pve-http-server/pve-access-control do it.

/** A token as presented by the client. */
export interface PresentedToken {
  tokenId: string;
  secret: string;
}

/**
 * Extracts `PVEAPIToken=USER@REALM!NAME=SECRET` (or the space form `PVEAPIToken USER…`) from an
 * Authorization header. The value is URI-unescaped and split at its LAST `=`, like `verify_token`.
 */
export function parseTokenHeader(header: string | undefined): PresentedToken | undefined {
  if (!header) return undefined;
  const m = /(?:^|\s)PVEAPIToken(?:=| )([^;]*)/.exec(header);
  if (!m) return undefined;
  let value = m[1];
  try {
    value = decodeURIComponent(value);
  } catch {
    // Perl's uri_unescape leaves malformed escapes alone; so do we.
  }
  const eq = value.lastIndexOf('=');
  if (eq <= 0) return undefined;
  return { tokenId: value.slice(0, eq), secret: value.slice(eq + 1) };
}

/** Result of checking a request's credentials: ok, or the 401 reason phrase PVE would send. */
export function checkAuth(
  header: string | undefined,
  tokenId: string,
  secret: string,
): { ok: true } | { ok: false; reason: string } {
  const token = parseTokenHeader(header);
  if (!token) return { ok: false, reason: 'No ticket' };
  if (token.tokenId !== tokenId || token.secret !== secret) return { ok: false, reason: 'Authentication failed!' };
  return { ok: true };
}
