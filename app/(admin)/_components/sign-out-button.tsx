'use client';

import { signOut } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

/** Header sign-out: ends the session, then shows the login page. */
export function SignOutButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      className="btn"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          // redirect: false, because next-auth builds its own redirect URL from NEXTAUTH_URL.
          await signOut({ redirect: false });
          router.replace('/login');
          router.refresh();
        })
      }
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
