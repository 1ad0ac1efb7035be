import Image from 'next/image';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeCallbackUrl } from '@/lib/auth/login-url';
import { getSessionUser } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · Proxbox' };

// next-auth sends errors here as ?error=<code> (pages.signIn / pages.error in lib/auth/options.ts).
const ERROR_MESSAGES: Record<string, string> = {
  CredentialsSignin: 'Invalid username or password.',
  TooManyAttempts: 'Too many failed sign-in attempts. Wait five minutes, then try again.',
  SessionRequired: 'Please sign in to continue.',
  Configuration: 'Sign-in is unavailable because of a server configuration problem; see the server log.',
};

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  if (await getSessionUser()) redirect(callbackUrl);
  const errorCode = first(params.error);
  const initialError = errorCode ? (ERROR_MESSAGES[errorCode] ?? 'Sign-in failed. Please try again.') : undefined;

  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 py-12 dark:bg-zinc-950">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <Image src="/logo.svg" alt="" width={48} height={48} priority className="mx-auto mb-3" />
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-100">Proxbox</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Sign in to the Proxmox inventory</p>
        </div>
        <div className="card p-6">
          <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
        </div>
      </div>
    </main>
  );
}
