// POST /api/plugins/proxbox/sync/ — start a sync run (202 with the job; progress on its stream)
import { readJson, withApi } from '@/lib/api/http';
import { startSyncFromApi } from '@/lib/api/start-sync';

export const POST = withApi(async ({ req, actor, origin }) => {
  const body = req.headers.get('content-length') === '0' ? {} : await readJson(req);
  return startSyncFromApi(actor!, body, origin);
});
