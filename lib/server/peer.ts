import type http from 'node:http';

// The socket peer of a request, for code that only sees a WHATWG `Request` (Next route handlers,
// the backend's own server). Our HTTP servers (lib/server/app-server.ts for `npm start`,
// lib/backend/server.ts for `npm run backend`) overwrite PEER_HEADER with
// `req.socket.remoteAddress` before anything else reads the request, so a value a client sent is
// always replaced. lib/auth/client-ip.ts believes the header only when PEER_STAMPED_ENV says this
// process serves HTTP through such a server: under a plain `next start` nobody overwrites it, and
// a client could send its own.

export const PEER_HEADER = 'x-proxbox-peer';
/** Set (to "1") by a stamping server for its own process; never set it by hand. */
export const PEER_STAMPED_ENV = 'PROXBOX_PEER_STAMPED';

/** Whether this process's HTTP server stamps PEER_HEADER on every request. */
export function peerStampingEnabled(): boolean {
  return process.env[PEER_STAMPED_ENV] === '1';
}

/** Marks this process as served by a stamping server (call before it accepts requests). */
export function enablePeerStamping(): void {
  process.env[PEER_STAMPED_ENV] = '1';
}

/** Overwrites PEER_HEADER with the socket's remote address ("unknown" once the socket is gone). */
export function stampPeer(req: http.IncomingMessage): void {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? 'unknown';
}
