// GET /api/plugins/proxbox/sync-jobs/{id}/stream/ — a sync run's progress as server-sent events
import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { authenticate } from '@/lib/api/auth';
import { streamLimited, toApiError } from '@/lib/api/errors';
import { sseResponse } from '@/lib/http/sse-response';
import { acquireStreamSlot, StreamLimitError, streamOwner, syncEventStream } from '@/lib/sync/jobs/event-stream';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const requestId = randomUUID();
  let actor;
  try {
    actor = await authenticate(req, requestId);
  } catch (err) {
    const apiErr = toApiError(null, err, requestId);
    return Response.json(apiErr.body, { status: apiErr.status, headers: apiErr.headers });
  }
  const { id } = await ctx.params;
  if (!/^\d{1,15}$/.test(id)) return Response.json({ detail: 'No SyncJob matches the given query.' }, { status: 404 });
  const after = Number(req.headers.get('last-event-id') ?? 0) || 0;
  let slot;
  try {
    slot = acquireStreamSlot(streamOwner(actor));
  } catch (err) {
    if (!(err instanceof StreamLimitError)) throw err;
    const apiErr = streamLimited(err);
    return Response.json(apiErr.body, { status: apiErr.status, headers: apiErr.headers });
  }
  try {
    return sseResponse(syncEventStream(await getDb(), Number(id), req.signal, after, slot));
  } catch (err) {
    slot.release();
    throw err;
  }
}
