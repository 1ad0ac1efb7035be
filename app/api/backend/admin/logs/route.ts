// GET /api/backend/admin/logs — the backend's recent log lines (in memory; ?limit=, ?after=<id>) and its log file's state
import { readBackendLogs } from '@/lib/backend/admin-logs';
import { backendRoute } from '@/lib/backend/http';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('admin', async ({ req, actor }) => {
  const url = new URL(req.url);
  const limit = Number(url.searchParams.get('limit') ?? 200);
  const after = Number(url.searchParams.get('after') ?? 0);
  return {
    status: 200,
    body: readBackendLogs(
      actor!,
      Number.isInteger(limit) && limit > 0 ? limit : 200,
      Number.isInteger(after) && after > 0 ? after : 0,
    ),
  };
});
