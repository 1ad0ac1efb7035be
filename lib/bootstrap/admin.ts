import { count } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema/auth';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, passwordTooLongForBcrypt } from '@/lib/auth/passwords';

// There is no default password: the first admin gets PROXBOX_ADMIN_PASSWORD or a generated one
// that is printed once, on the start that created the account.

export const FIRST_ADMIN_USERNAME = 'admin';

/** The password the first admin gets, and whether it came from the environment. */
function firstAdminPassword(): { password: string; fromEnv: boolean } {
  const fromEnv = process.env.PROXBOX_ADMIN_PASSWORD;
  if (!fromEnv) return { password: generatePassword(), fromEnv: false };
  if (fromEnv.length < MIN_PASSWORD_LENGTH || passwordTooLongForBcrypt(fromEnv)) {
    throw new Error(
      `PROXBOX_ADMIN_PASSWORD must be ${MIN_PASSWORD_LENGTH} to 72 bytes long; ` +
        'set a longer one, or unset it to have a password generated.',
    );
  }
  return { password: fromEnv, fromEnv: true };
}

function announce(password: string, fromEnv: boolean): void {
  const credential = fromEnv
    ? 'password from PROXBOX_ADMIN_PASSWORD (change it under Account)'
    : `password ${password} (shown once; change it under Account)`;
  const line = `Proxbox first admin: username ${FIRST_ADMIN_USERNAME}, ${credential}`;
  const rule = '='.repeat(Math.min(line.length, 100));
  process.stdout.write(`\n${rule}\n${line}\n${rule}\n\n`);
}

/**
 * Creates the `admin` user when the users table is empty and prints its password once. Safe to
 * call on every start and from several processes at once: the insert relies on the unique
 * username index (ON CONFLICT DO NOTHING), and only the process whose insert won prints.
 * Returns whether this call created the admin.
 */
export async function ensureFirstAdmin(db: Database): Promise<{ created: boolean }> {
  const [{ total }] = await db.select({ total: count() }).from(users);
  if (total > 0) return { created: false };
  const { password, fromEnv } = firstAdminPassword();
  const inserted = await db
    .insert(users)
    .values({
      username: FIRST_ADMIN_USERNAME,
      passwordHash: await hashPassword(password),
      role: 'admin',
      isActive: true,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted.length === 0) return { created: false };
  announce(password, fromEnv);
  return { created: true };
}
