import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { readOrCreateSecretFile, secretsDir } from '@/lib/crypto/key-file';
import { verifyPassword } from './passwords';
import type { Role } from './roles';
import { endSessions, findUserForLogin, recordLogin } from './users';

// next-auth v4 configuration: username/password against the users table, stateless JWT
// sessions (no session table), our own /login page.
//
// NEXTAUTH_URL is optional. Without it next-auth 4 assumes http://localhost:3000 for the
// absolute URLs it builds, which the sign-in form does not use (it signs in with
// `redirect: false` and navigates to a relative callbackUrl itself), and it issues plain
// (non-`Secure`) cookies, which work over http on any host. Behind TLS, set
// NEXTAUTH_URL=https://<public host> so cookies get the `Secure` flag and `__Secure-` names.

declare module 'next-auth' {
  interface User {
    username: string;
    role: Role;
    sessionVersion: number;
  }
  interface Session {
    user?: { name?: string | null; userId: number; username: string; role: Role; sessionVersion: number };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    userId?: number;
    username?: string;
    role?: Role;
    /** users.session_version at sign-in; lib/auth/session.ts refuses the token once it moved on. */
    sessionVersion?: number;
  }
}

/** Session lifetime: a working day. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

let cachedSecret: string | null = null;

/**
 * The key next-auth signs and encrypts session JWTs with: NEXTAUTH_SECRET (or AUTH_SECRET), else
 * a random secret kept in <PROXBOX_DATA_DIR>/nextauth.secret (mode 0600) so sessions survive
 * restarts. Read lazily: importing this module (e.g. during `next build`) creates no file.
 */
export function authSecret(): string {
  cachedSecret ??=
    process.env.NEXTAUTH_SECRET ||
    process.env.AUTH_SECRET ||
    readOrCreateSecretFile(path.join(secretsDir(), 'nextauth.secret'), () => randomBytes(32).toString('base64url'));
  return cachedSecret;
}

const credentialsSchema = z.object({
  username: z.string().min(1).max(150),
  password: z.string().min(1).max(1024),
});

/**
 * The credentials check: an active user whose bcrypt hash matches. Unknown users cost the same
 * bcrypt work as wrong passwords (one compare, on a worker thread). Records the login time on
 * success. Throttling happens before this runs (lib/auth/login-guard.ts). Exported for tests.
 */
export async function authorizeCredentials(credentials: unknown): Promise<User | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const user = await findUserForLogin(parsed.data.username);
  const matches = await verifyPassword(parsed.data.password, user?.passwordHash ?? null);
  if (!user || !matches || !user.isActive) return null;
  await recordLogin(user.userId);
  return {
    id: String(user.userId),
    name: user.username,
    username: user.username,
    role: user.role,
    sessionVersion: user.sessionVersion,
  };
}

/** next-auth options shared by the route handler and `getServerSession`. */
export const authOptions: AuthOptions = {
  providers: [
    CredentialsProvider({
      name: 'Proxbox',
      credentials: {
        username: { label: 'Username', type: 'text' },
        password: { label: 'Password', type: 'password' },
      },
      authorize: (credentials) => authorizeCredentials(credentials),
    }),
  ],
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login', error: '/login' },
  callbacks: {
    jwt({ token, user }) {
      // `user` is only present on the request that signs in.
      if (user) {
        token.userId = Number(user.id);
        token.username = user.username;
        token.role = user.role;
        token.sessionVersion = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (
        typeof token.userId === 'number' &&
        typeof token.username === 'string' &&
        typeof token.sessionVersion === 'number'
      ) {
        session.user = {
          name: token.username,
          userId: token.userId,
          username: token.username,
          role: token.role ?? 'viewer',
          sessionVersion: token.sessionVersion,
        };
      } else {
        delete session.user;
      }
      return session;
    },
  },
  events: {
    // Signing out ends every session of the user, not only this browser's cookie: a copied
    // cookie must not outlive the sign-out.
    async signOut({ token }) {
      if (typeof token?.userId === 'number') await endSessions(token.userId);
    },
  },
  logger: {
    // The missing-NEXTAUTH_URL warning is expected for local use (see above); others pass through.
    warn(code) {
      if (code !== 'NEXTAUTH_URL') console.warn(`[next-auth][warn][${code}]`);
    },
  },
  // A getter so the secret file is only touched when next-auth actually handles a request.
  get secret() {
    return authSecret();
  },
};
