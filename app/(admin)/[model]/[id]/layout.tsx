import type { ReactNode } from 'react';
import { requireUser } from '@/lib/auth/session';
import { loadRecord } from './load-record';

/**
 * Resolves the record before the page's loading skeleton streams: once streaming has started the
 * status is 200, so a deleted or unknown object would no longer answer 404.
 */
export default async function RecordLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ model: string; id: string }>;
}) {
  const { model, id } = await params;
  await loadRecord(await requireUser(), model, id);
  return children;
}
