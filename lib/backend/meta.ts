import { backendDb } from '@/lib/auth/api-keys';
import { logFileStatus } from './log-file-setting';
import { backendVersion } from './version';

// The backend's unauthenticated self-description: `/` and `/meta` (what the netbox-proxbox plugin
// reads to show which backend it talks to) and `/health`, whose `init_ok` says whether the
// backend store opened and migrated — the one initialisation the backend needs before it can
// check keys. `log_file` says whether the log file is written (`ok`), turned off (`off`) or
// failing (`failing`; /admin/logs says why): a failing file never makes the backend unhealthy.

export const BACKEND_NAME = 'proxbox';

/** `GET /`: what this is and where to look next. */
export function rootBody() {
  return {
    message: 'Proxbox backend: a drop-in for proxbox-api (the netbox-proxbox plugin backend).',
    name: BACKEND_NAME,
    version: backendVersion(),
    health: 'health',
    meta: 'meta',
  };
}

/** `GET /meta`. */
export function metaBody() {
  return {
    name: BACKEND_NAME,
    version: backendVersion(),
    api_key_header: 'X-Proxbox-API-Key',
    sse: true,
    websocket: false,
  };
}

/** `GET /health`: 200 `{status: "ready", init_ok: true}`, or 503 `initializing` when the store cannot open. */
export function healthReply(): { status: number; body: Record<string, unknown> } {
  try {
    backendDb().run('select 1' as never);
    return { status: 200, body: { status: 'ready', init_ok: true, log_file: logFileStatus().state } };
  } catch (err) {
    return {
      status: 503,
      body: {
        status: 'initializing',
        init_ok: false,
        log_file: logFileStatus().state,
        detail: `The backend store could not be opened: ${err instanceof Error ? err.message : String(err)}`,
      },
    };
  }
}
