import type { Role } from '@/lib/auth/roles';

// Who performs a data-layer call. Every DAL entry takes one: it is the authorization evidence
// (obtained from the session, an API key or the sync) and the identity written to the change log.

export type Actor =
  | { kind: 'user'; userId: number; username: string; role: Role; requestId?: string }
  | { kind: 'apikey'; keyId: string; description: string; role: Role; requestId?: string }
  | { kind: 'sync'; runId: string; requestId?: string }
  | { kind: 'system'; requestId?: string };

/** The name recorded in ObjectChange.user_name. */
export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.username;
    case 'apikey':
      return `api-key:${actor.keyId}`;
    case 'sync':
      return 'sync';
    case 'system':
      return 'system';
  }
}

/** The role an actor acts with: the sync and the system (startup, scripts) act as administrators. */
export function actorRole(actor: Actor): Role {
  return actor.kind === 'user' || actor.kind === 'apikey' ? actor.role : 'admin';
}

export const systemActor: Actor = { kind: 'system' };
