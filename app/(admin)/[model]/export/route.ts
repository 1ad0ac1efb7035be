import { requestOrigin } from '@/lib/api/context';
import { requireUserOrThrow } from '@/lib/auth/session';
import { AppError } from '@/lib/data/errors';
import { exportStream, type ExportFormat, type ExportShape } from '@/lib/export/export-stream';
import { getModel } from '@/lib/models/registry';
import { parseListQuery } from '@/lib/query/list-query';
import { parseVisibleColumns } from '@/lib/query/visible-columns';

// GET /<model>/export?format=csv|json&shape=view|all&<the list's filter, sort and cols>: the list
// as a download in the list's order, streamed (see lib/export/export-stream.ts).

const STATUS = { validation: 400, not_found: 404, conflict: 409, forbidden: 403, unauthenticated: 401 } as const;

export async function GET(req: Request, { params }: { params: Promise<{ model: string }> }) {
  const model = getModel((await params).model);
  if (!model || model.meta.singleton) return Response.json({ detail: 'Not found.' }, { status: 404 });
  const url = new URL(req.url);
  const format = url.searchParams.get('format') ?? 'csv';
  const shape = url.searchParams.get('shape') ?? 'view';
  if (format !== 'csv' && format !== 'json')
    return Response.json({ detail: 'format must be csv or json.' }, { status: 400 });
  if (shape !== 'view' && shape !== 'all')
    return Response.json({ detail: 'shape must be view or all.' }, { status: 400 });
  try {
    const actor = await requireUserOrThrow();
    const { q, filters, sort } = parseListQuery(model.meta, url.searchParams);
    const body = await exportStream(actor, {
      model,
      format: format as ExportFormat,
      shape: shape as ExportShape,
      query: { q, filters, sort },
      columns: parseVisibleColumns(model.meta, url.searchParams.get('cols')),
      origin: requestOrigin(req),
    });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    return new Response(body, {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${model.meta.key}-${stamp}.${format}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof AppError)
      return Response.json({ detail: error.message, errors: error.fieldErrors }, { status: STATUS[error.code] });
    throw error;
  }
}
