import { roleAllows, type Capability } from '@/lib/auth/roles';
import { metaForRole } from '@/lib/models/role-meta';
import type { ModelMeta } from '@/lib/models/types';
import { actorRole, type Actor } from './actor';
import { AppError } from './errors';

// The one place the data layer turns a role into allow/deny (the table is lib/auth/roles.ts).

const DENIED: Record<Capability, string> = {
  read: 'Authentication credentials were not provided.',
  sync: 'You do not have permission to start or cancel syncs (operators and administrators can).',
  annotate: 'You do not have permission to change this object (operators can change descriptions, comments and tags).',
  admin: 'You do not have permission to perform this action (administrators only).',
};

export function can(actor: Actor, capability: Capability): boolean {
  return roleAllows(actorRole(actor), capability);
}

/** Throws AppError('forbidden') unless `actor` has `capability`. */
export function assertCan(actor: Actor, capability: Capability, message?: string): void {
  if (!actor) throw new AppError('unauthenticated', DENIED.read);
  if (!can(actor, capability)) throw new AppError('forbidden', message ?? DENIED[capability]);
}

/** A model's metadata as `actor` may use it (what pages and forms offer; see lib/models/role-meta.ts). */
export function metaFor(actor: Actor, meta: ModelMeta): ModelMeta {
  return metaForRole(meta, actorRole(actor));
}
