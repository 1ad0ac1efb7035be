'use server';

import { requireUser } from '@/lib/auth/session';
import type { PlanView } from '@/lib/dashboard/push-plan-view';
import { AppError } from '@/lib/data/errors';
import { previewNetboxPush, startNetboxPush } from '@/lib/data/netbox-push';

// "Preview" and "Apply" on a NetBox endpoint's page. Preview answers with the change set;
// Apply starts the push as a sync job whose progress the page then follows.

export interface NetboxPreviewState {
  plan?: PlanView;
  error?: string;
  suggestion?: string;
}

export interface NetboxApplyState {
  jobId?: number;
  error?: string;
}

/** A NetBox client error carries a category and a suggestion; anything else is passed on as its message. */
function describe(error: unknown): { error: string; suggestion?: string } {
  if (error instanceof AppError) return { error: error.message };
  if (error instanceof Error) {
    const suggestion = (error as Error & { suggestion?: unknown }).suggestion;
    return { error: error.message, suggestion: typeof suggestion === 'string' && suggestion ? suggestion : undefined };
  }
  return { error: String(error) };
}

export async function previewNetboxPushAction(
  endpointId: number,
  _prev: NetboxPreviewState,
  _formData: FormData,
): Promise<NetboxPreviewState> {
  const actor = await requireUser();
  try {
    return { plan: await previewNetboxPush(actor, endpointId) };
  } catch (error) {
    return describe(error);
  }
}

export async function applyNetboxPushAction(
  endpointId: number,
  _prev: NetboxApplyState,
  _formData: FormData,
): Promise<NetboxApplyState> {
  const actor = await requireUser();
  try {
    return { jobId: await startNetboxPush(actor, endpointId) };
  } catch (error) {
    return describe(error);
  }
}
