// GET /api/backend/admin/logs/stream — the backend's log as server-sent events (`event: log`)
import { backendRoute } from '@/lib/backend/http';
import { logStream } from '@/lib/backend/log-ring';
import { sseResponse } from '@/lib/http/sse-response';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('read', async ({ req }) => {
  const backlog = Number(new URL(req.url).searchParams.get('limit') ?? 50);
  return sseResponse(logStream(req.signal, Number.isInteger(backlog) && backlog >= 0 ? backlog : 50));
});
