'use client';

import { signIn } from 'next-auth/react';
import { useActionState, useId } from 'react';

interface LoginFormProps {
  /** Already checked by the page to be a path on this site. */
  callbackUrl: string;
  initialError?: string;
}

interface LoginState {
  error?: string;
  username?: string;
  /** Signed in; the browser is loading callbackUrl. */
  signedIn?: boolean;
}

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}

/** Username/password form; signs in through next-auth and then loads callbackUrl. */
export function LoginForm({ callbackUrl, initialError }: LoginFormProps) {
  const id = useId();
  const [state, formAction, pending] = useActionState(
    async (_previous: LoginState, formData: FormData): Promise<LoginState> => {
      const username = field(formData, 'username').trim();
      const password = field(formData, 'password');
      if (!username || !password) return { error: 'Enter your username and password.', username };
      try {
        // redirect: false keeps next-auth from building an absolute URL from NEXTAUTH_URL.
        const result = await signIn('credentials', { username, password, callbackUrl, redirect: false });
        if (result?.ok && !result.error) {
          // A full load, so every server component renders with the new session cookie.
          window.location.assign(callbackUrl);
          return { signedIn: true, username };
        }
        if (result?.status === 429 || result?.error === 'TooManyAttempts') {
          return { error: 'Too many failed sign-in attempts. Wait five minutes, then try again.', username };
        }
        const invalid = result?.error === 'CredentialsSignin' || result?.status === 401;
        return { error: invalid ? 'Invalid username or password.' : 'Sign-in failed. Please try again.', username };
      } catch {
        return { error: 'Could not reach the server. Please try again.', username };
      }
    },
    { error: initialError },
  );
  const busy = pending || state.signedIn === true;
  const errorId = `${id}-error`;

  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.error && (
        <p
          id={errorId}
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {state.error}
        </p>
      )}
      <div className="space-y-1">
        <label htmlFor={`${id}-username`} className="label">
          Username
        </label>
        <input
          id={`${id}-username`}
          name="username"
          type="text"
          className="input w-full"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          required
          defaultValue={state.username}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? errorId : undefined}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-password`} className="label">
          Password
        </label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          className="input w-full"
          autoComplete="current-password"
          required
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? errorId : undefined}
        />
      </div>
      <button type="submit" className="btn btn-primary w-full justify-center" disabled={busy} aria-busy={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
