// GET, POST /api/auth/* — next-auth v4 endpoints (csrf, providers, session, credentials callback, signout)
import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { guardCredentialsSignIn } from '@/lib/auth/login-guard';
import { authOptions } from '@/lib/auth/options';

// next-auth 4.24 detects App Router calls by the context's `params` and awaits it (Next 16).
type Context = { params: Promise<{ nextauth: string[] }> };
const nextAuth: (request: NextRequest, context: Context) => Promise<Response> = NextAuth(authOptions);

// Credential sign-ins pass the throttle first (lib/auth/login-guard.ts).
const handler = (request: Request, context: Context) =>
  guardCredentialsSignIn(request, (req) => nextAuth(req, context));

export { handler as GET, handler as POST };
