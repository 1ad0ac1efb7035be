'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/session';
import { enableDemo } from '@/lib/demo/demo-cluster';
import { setFlash } from './flash';

export interface DemoState {
  error?: string;
}

/** "Try the demo cluster": registers the built-in simulated clusters and starts their first sync. */
export async function startDemoAction(_prev: DemoState): Promise<DemoState> {
  const actor = await requireUser();
  try {
    await enableDemo(actor);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  revalidatePath('/');
  await setFlash('The demo clusters are registered; their first sync is running.', 'info');
  redirect('/sync-jobs');
}
