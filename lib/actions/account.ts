'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireUser } from '@/lib/auth/session';
import { ROLES, type Role } from '@/lib/auth/roles';
import { changePassword, createUser, setUserActive, setUserRole } from '@/lib/auth/users';
import { AppError } from '@/lib/data/errors';

// Server actions of the Account page. Passwords are never echoed back in `values`.

export interface AccountFormState {
  fieldErrors?: Record<string, string[]>;
  formError?: string;
  /** Success notice. */
  message?: string;
  /** Submitted non-secret values, to refill the form after an error. */
  values?: Record<string, string>;
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}

/** Turns data-layer errors into form state; anything unexpected propagates to the error page. */
function toFormState(err: unknown, values?: Record<string, string>): AccountFormState {
  if (!(err instanceof AppError)) throw err;
  if (err.code !== 'validation') return { formError: err.message, values };
  const { nonFieldErrors, ...fieldErrors } = err.fieldErrors;
  return { fieldErrors, formError: nonFieldErrors?.[0], values };
}

/** Changes the signed-in user's password (current, new, confirmation). */
export async function changePasswordAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const actor = await requireUser();
  const currentPassword = text(formData, 'currentPassword');
  const newPassword = text(formData, 'newPassword');
  if (newPassword !== text(formData, 'confirmPassword')) {
    return { fieldErrors: { confirmPassword: ['The two new passwords do not match.'] } };
  }
  try {
    await changePassword(actor, { currentPassword, newPassword });
  } catch (err) {
    return toFormState(err);
  }
  return { message: 'Your password was changed.' };
}

/** Adds a user (admins only; the data layer enforces it). */
export async function createUserAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const actor = await requireUser();
  const username = text(formData, 'username');
  const role = text(formData, 'role');
  const values = { username, role };
  try {
    // The role is validated by createUser (an unknown value is a field error on `role`).
    const user = await createUser(actor, { username, password: text(formData, 'password'), role: role as Role });
    revalidatePath('/account');
    return { message: `User ${user.username} was added.` };
  } catch (err) {
    return toFormState(err, values);
  }
}

const setActiveSchema = z.object({
  userId: z.coerce.number().int().positive(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true'),
});

/** Activates or deactivates a user (admins only; nobody can deactivate themselves). */
export async function setUserActiveAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const actor = await requireUser();
  const parsed = setActiveSchema.safeParse({ userId: formData.get('userId'), active: formData.get('active') });
  if (!parsed.success) return { formError: 'Invalid request.' };
  try {
    const user = await setUserActive(actor, parsed.data.userId, parsed.data.active);
    revalidatePath('/account');
    return { message: `${user.username} is now ${user.isActive ? 'active' : 'inactive'}.` };
  } catch (err) {
    return toFormState(err);
  }
}

const setRoleSchema = z.object({
  userId: z.coerce.number().int().positive(),
  role: z.enum(ROLES),
});

/** Gives another user a role (admins only; their open sessions end). */
export async function setUserRoleAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const actor = await requireUser();
  const parsed = setRoleSchema.safeParse({ userId: formData.get('userId'), role: formData.get('role') });
  if (!parsed.success) return { formError: 'Invalid request.' };
  try {
    const user = await setUserRole(actor, parsed.data.userId, parsed.data.role);
    revalidatePath('/account');
    return { message: `${user.username} is now ${user.role}.` };
  } catch (err) {
    return toFormState(err);
  }
}
