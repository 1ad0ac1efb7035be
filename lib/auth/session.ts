import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { assertCan } from '@/lib/data/permissions';
import { loginUrl, REQUEST_PATH_HEADER } from './login-url';
import { authOptions } from './options';
import { findSessionUser, type SessionUser } from './users';

// The real authentication check for pages, server actions and route handlers (proxy.ts only
// redirects optimistically). The session cookie is verified by next-auth; the user row is then
// re-read, so deleted or deactivated users lose access on their next request.

/**
 * The signed-in user, or null. Cached per request (React `cache`), so a page and its children
 * can all call it for one JWT check and one database read.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.userId;
  const version = session?.user?.sessionVersion;
  // Tokens from before session versions existed carry none: they are over.
  if (typeof userId !== 'number' || typeof version !== 'number') return null;
  return findSessionUser(userId, version);
});

function toActor(user: SessionUser): Actor {
  return { kind: 'user', userId: user.userId, username: user.username, role: user.role };
}

/**
 * The signed-in user as an `Actor`, for pages and server actions. Anonymous visitors are
 * redirected to `/login?callbackUrl=<the page they asked for>` (the path comes from proxy.ts).
 */
export async function requireUser(): Promise<Actor> {
  const user = await getSessionUser();
  if (!user) redirect(loginUrl((await headers()).get(REQUEST_PATH_HEADER) ?? '/'));
  return toActor(user);
}

/**
 * Like `requireUser` but for admin-only pages and actions: non-admins get AppError 'forbidden'.
 */
export async function requireAdmin(): Promise<Actor> {
  const actor = await requireUser();
  assertCan(actor, 'admin');
  return actor;
}

/**
 * The signed-in user as an `Actor`, for route handlers: anonymous requests get AppError
 * 'unauthenticated' (mapped to 401/403 by the API layer) instead of a redirect.
 */
export async function requireUserOrThrow(): Promise<Actor> {
  const user = await getSessionUser();
  if (!user) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  return toActor(user);
}
