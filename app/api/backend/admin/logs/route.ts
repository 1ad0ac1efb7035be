// GET /api/backend/admin/logs — the backend's recent log lines (in memory; ?limit=, ?after=<id>)
import { backendRoute } from '@/lib/backend/http';
import { recentLogs } from '@/lib/backend/log-ring';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('read', async ({ req }) => {
  const url = new URL(req.url);
  const limit = Number(url.searchParams.get('limit') ?? 200);
  const after = Number(url.searchParams.get('after') ?? 0);
  const logs = recentLogs(
    Number.isInteger(limit) && limit > 0 ? limit : 200,
    Number.isInteger(after) && after > 0 ? after : 0,
  );
  return { status: 200, body: { logs, count: logs.length } };
});
