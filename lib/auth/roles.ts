// The three roles of people and API keys, and what each may do. Pure data, so pages and client
// components can hide what a role cannot use; the data layer (lib/data/permissions.ts) enforces
// the same table on every call.

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * - `read`: every page, list and API read (secrets are never readable by anyone).
 * - `sync`: start and cancel syncs, push endpoints to the backend again.
 * - `annotate`: change the user-owned text of inventory objects (description, comments, tags).
 * - `admin`: everything else: endpoints, settings, users, API keys, lockouts, the demo, creating
 *   and deleting objects and editing their other fields.
 */
export type Capability = 'read' | 'sync' | 'annotate' | 'admin';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const NEEDS: Record<Capability, Role> = { read: 'viewer', sync: 'operator', annotate: 'operator', admin: 'admin' };

export const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Administrator' };

/** One line per role for pickers. */
export const ROLE_HINTS: Record<Role, string> = {
  viewer: 'Viewer: reads everything',
  operator: 'Operator: also syncs, pushes, descriptions, comments and tags',
  admin: 'Administrator: everything (endpoints, settings, users, keys)',
};

/** Fields an operator may change on inventory objects (tags are written beside them). */
export const ANNOTATION_FIELDS: ReadonlySet<string> = new Set(['description', 'comments']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: Role, capability: Capability): boolean {
  return RANK[role] >= RANK[NEEDS[capability]];
}
