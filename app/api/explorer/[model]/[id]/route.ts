// GET /api/explorer/{model}/{id}/[?relation=<key>&offset=N&limit=N] — the relationship explorer's
// view of one object: its relations with their sizes, or one page of the objects behind one.
import { withApi, type ApiReply } from '@/lib/api/http';
import { AppError } from '@/lib/data/errors';
import { describeExplorerNode, expandRelation } from '@/lib/explorer/expand';
import { parseExpandQuery } from '@/lib/explorer/expand-query';

export const dynamic = 'force-dynamic';

const STATUS: Record<AppError['code'], number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 403,
};

export async function GET(req: Request, ctx: { params: Promise<{ model: string; id: string }> }): Promise<Response> {
  const { model, id } = await ctx.params;
  return withApi(async ({ actor, url }): Promise<ApiReply> => {
    try {
      const query = parseExpandQuery(id, url.searchParams);
      const body = query.relation
        ? await expandRelation(actor!, model, query.id, query.relation, { offset: query.offset, limit: query.limit })
        : await describeExplorerNode(actor!, model, query.id);
      return { status: 200, body };
    } catch (err) {
      // The explorer's messages name what was wrong (unknown model, id or relation).
      if (err instanceof AppError)
        return { status: STATUS[err.code], body: { detail: err.message, ...err.fieldErrors } };
      throw err;
    }
  })(req);
}
