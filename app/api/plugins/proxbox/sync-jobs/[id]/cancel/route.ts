// POST /api/plugins/proxbox/sync-jobs/{id}/cancel/ — cancel a queued or running sync job (202 with the job)
import { withApi } from '@/lib/api/http';
import { cancelSyncFromApi } from '@/lib/api/cancel-sync';

export const POST = withApi(async ({ url, actor, origin }) => {
  const id = /\/sync-jobs\/([^/]+)\/cancel\/?$/.exec(url.pathname)?.[1] ?? '';
  return cancelSyncFromApi(actor!, id, origin);
});
