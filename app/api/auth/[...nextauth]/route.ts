// GET, POST /api/auth/* — next-auth v4 endpoints (csrf, providers, session, credentials callback, signout)
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// next-auth 4.24 detects App Router calls by the context's `params` and awaits it (Next 16).
const handler: (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response> =
  NextAuth(authOptions);

export { handler as GET, handler as POST };
