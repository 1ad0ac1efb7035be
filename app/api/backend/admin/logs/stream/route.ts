// GET /api/backend/admin/logs/stream — the backend's log as server-sent events (`event: log`)
import { streamBackendLogs } from '@/lib/backend/admin-logs';
import { backendRoute } from '@/lib/backend/http';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('admin', async ({ req, actor, key }) => {
  const backlog = Number(new URL(req.url).searchParams.get('limit') ?? 50);
  return streamBackendLogs(actor!, key!, req.signal, Number.isInteger(backlog) && backlog >= 0 ? backlog : 50);
});
