import { AppError } from '@/lib/data/errors';

export interface ExpandQuery {
  id: number;
  relation: string | null;
  offset?: number;
  limit?: number;
}

function wholeNumber(name: string, raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw))
    throw new AppError('validation', `${name} must be a whole number.`, {
      [name]: [`"${raw}" is not a whole number.`],
    });
  return Number(raw);
}

/** The explorer endpoint's path id and query string; bad values are AppError 404/400. */
export function parseExpandQuery(rawId: string, params: URLSearchParams): ExpandQuery {
  if (!/^\d{1,15}$/.test(rawId)) throw new AppError('not_found', `"${rawId}" is not an object id.`);
  const relation = params.get('relation');
  return {
    id: Number(rawId),
    relation: relation || null,
    offset: wholeNumber('offset', params.get('offset')),
    limit: wholeNumber('limit', params.get('limit')),
  };
}
