// GET /api/search/?q=<text>[&limit=N] — the global search, grouped by model (command palette).
import { withApi } from '@/lib/api/http';
import { globalSearch } from '@/lib/search/global-search';

export const dynamic = 'force-dynamic';

export const GET = withApi(async ({ actor, url }) => {
  const limit = Number(url.searchParams.get('limit') ?? undefined);
  return {
    status: 200,
    body: await globalSearch(actor!, url.searchParams.get('q'), Number.isFinite(limit) ? limit : undefined),
  };
});
