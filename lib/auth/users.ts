import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { users } from '@/db/schema/auth';
import type { Actor } from '@/lib/data/actor';
import { AppError, notFound, validationError } from '@/lib/data/errors';
import { assertCan } from '@/lib/data/permissions';
import { ROLES, type Role } from './roles';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordTooLongForBcrypt, verifyPassword } from './passwords';

// Data functions over the users table (server only). Password hashes leave this module only
// through findUserForLogin, which the sign-in check needs; everything else returns UserSummary.

/** What pages may show about a user: never the password hash. */
export interface UserSummary {
  id: number;
  username: string;
  role: Role;
  isActive: boolean;
  created: Date;
  lastLogin: Date | null;
}

/** The signed-in identity a session resolves to. */
export interface SessionUser {
  userId: number;
  username: string;
  role: Role;
  /** users.session_version when read; a session issued at another version is over. */
  sessionVersion: number;
}

/** Row the credentials check needs (includes the hash; never pass it on). */
export interface LoginUser extends SessionUser {
  passwordHash: string;
  isActive: boolean;
}

const USERNAME_MAX = 150;

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  .refine((p) => !passwordTooLongForBcrypt(p), 'Password must be at most 72 bytes.');

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'This field is required.')
    .max(USERNAME_MAX, `Ensure this value has at most ${USERNAME_MAX} characters.`)
    .regex(/^[\w.@+-]+$/, 'Enter a valid username: letters, digits and @ . + - _ only.'),
  password: passwordSchema,
  role: z.enum(ROLES, 'Choose viewer, operator or admin.'),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'This field is required.'),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

const summaryColumns = {
  id: users.id,
  username: users.username,
  role: sql<Role>`${users.role}`,
  isActive: users.isActive,
  created: users.created,
  lastLogin: users.lastLogin,
};

type UserActor = Extract<Actor, { kind: 'user' }>;

function fieldErrorsOf(error: z.ZodError): AppError {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : 'nonFieldErrors';
    (errors[key] ??= []).push(issue.message);
  }
  return validationError(errors);
}

/** Users are managed by admin users (and by startup/scripts acting as the system), never by API keys. */
function assertCanManageUsers(actor: Actor): void {
  if (actor.kind === 'apikey') throw new AppError('forbidden', 'You do not have permission to manage users.');
  assertCan(actor, 'admin', 'You do not have permission to manage users.');
}

/** The stored role, read defensively: an unknown value grants the least. */
function roleOf(value: string): Role {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : 'viewer';
}

function assertSignedInUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in user can change their password.');
  return actor;
}

/**
 * Looks a user up by username, case-insensitively (as the unique index does), for the sign-in
 * check. Takes no actor because it runs before anyone is authenticated; returns the hash, so its
 * only caller is the credentials provider.
 */
export async function findUserForLogin(username: string): Promise<LoginUser | null> {
  if (!username || username.length > USERNAME_MAX) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      userId: users.id,
      username: users.username,
      role: users.role,
      isActive: users.isActive,
      sessionVersion: users.sessionVersion,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return row ? { ...row, role: roleOf(row.role) } : null;
}

/** Stamps a successful sign-in (shown in the users table). */
export async function recordLogin(userId: number): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ lastLogin: new Date() }).where(eq(users.id, userId));
}

/**
 * The current identity behind a session, or null when the user was deleted or deactivated since
 * signing in, or the session was issued at another session version (a password or role change,
 * a deactivation or a sign-out happened since). Sessions are stateless JWTs, so this check, run on
 * every request, is what ends them at once.
 */
export async function findSessionUser(userId: number, sessionVersion: number): Promise<SessionUser | null> {
  if (!Number.isSafeInteger(userId) || userId <= 0 || !Number.isSafeInteger(sessionVersion)) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      userId: users.id,
      username: users.username,
      role: users.role,
      isActive: users.isActive,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row?.isActive || row.sessionVersion !== sessionVersion) return null;
  return { userId: row.userId, username: row.username, role: roleOf(row.role), sessionVersion: row.sessionVersion };
}

/** Ends every session of a user (sign-out, and the changes below that must end them). */
export async function endSessions(userId: number): Promise<void> {
  if (!Number.isSafeInteger(userId) || userId <= 0) return;
  const db = await getDb();
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/**
 * Creates a user (admins only). Validates the username (1–150 of letters, digits, @ . + - _) and
 * the password (at least 12 characters); a username that exists in any letter case is a
 * validation error on `username`, decided by the unique index so concurrent requests cannot both
 * succeed.
 */
export async function createUser(actor: Actor, input: CreateUserInput): Promise<UserSummary> {
  assertCanManageUsers(actor);
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) throw fieldErrorsOf(parsed.error);
  const { username, password, role } = parsed.data;
  const db = await getDb();
  const [row] = await db
    .insert(users)
    .values({ username, passwordHash: await hashPassword(password), role, isActive: true })
    .onConflictDoNothing()
    .returning(summaryColumns);
  if (!row) throw validationError({ username: ['A user with this username already exists.'] });
  return row;
}

/**
 * Changes the signed-in user's own password after checking the current one (a wrong current
 * password is a validation error on `currentPassword`). Every session issued before, this one
 * included, ends: the user signs in again with the new password.
 */
export async function changePassword(actor: Actor, input: ChangePasswordInput): Promise<void> {
  const self = assertSignedInUser(actor);
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) throw fieldErrorsOf(parsed.error);
  const { currentPassword, newPassword } = parsed.data;
  const db = await getDb();
  const [row] = await db
    .select({ passwordHash: users.passwordHash, isActive: users.isActive })
    .from(users)
    .where(eq(users.id, self.userId))
    .limit(1);
  if (!row?.isActive) throw new AppError('unauthenticated', 'Your account no longer exists or was deactivated.');
  if (!(await verifyPassword(currentPassword, row.passwordHash))) {
    throw validationError({ currentPassword: ['Your current password is incorrect.'] });
  }
  if (currentPassword === newPassword) {
    throw validationError({ newPassword: ['The new password must differ from the current one.'] });
  }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, self.userId));
}

/** All users, by username (admins only); hashes are never selected. */
export async function listUsers(actor: Actor): Promise<UserSummary[]> {
  assertCanManageUsers(actor);
  const db = await getDb();
  return db
    .select(summaryColumns)
    .from(users)
    .orderBy(sql`lower(${users.username})`);
}

/**
 * Activates or deactivates a user (admins only). A deactivated user cannot sign in and their
 * open sessions stop working on the next request. Admins cannot deactivate themselves, so at
 * least one active admin always remains.
 */
export async function setUserActive(actor: Actor, id: number, active: boolean): Promise<UserSummary> {
  assertCanManageUsers(actor);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('user');
  if (!active && actor.kind === 'user' && actor.userId === id) {
    throw validationError({ nonFieldErrors: ['You cannot deactivate your own account.'] });
  }
  const db = await getDb();
  const [row] = await db
    .update(users)
    .set({ isActive: active, ...(active ? {} : { sessionVersion: sql`${users.sessionVersion} + 1` }) })
    .where(eq(users.id, id))
    .returning(summaryColumns);
  if (!row) throw notFound('user');
  return row;
}

/**
 * Gives a user another role (admins only). Their open sessions end, so the new role applies from
 * their next sign-in. Admins cannot change their own role, so at least one admin always remains.
 */
export async function setUserRole(actor: Actor, id: number, role: Role): Promise<UserSummary> {
  assertCanManageUsers(actor);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('user');
  if (!(ROLES as readonly string[]).includes(role))
    throw validationError({ role: ['Choose viewer, operator or admin.'] });
  if (actor.kind === 'user' && actor.userId === id) {
    throw validationError({ nonFieldErrors: ['You cannot change your own role.'] });
  }
  const db = await getDb();
  const [row] = await db
    .update(users)
    .set({ role, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, id))
    .returning(summaryColumns);
  if (!row) throw notFound('user');
  return row;
}
