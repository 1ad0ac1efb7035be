// GET /api/status/ — NetBox's status object (versions, plugins, workers) for authenticated callers
import { API_VERSION, withApi } from '@/lib/api/http';
import { statusBody } from '@/lib/api/status';

export const GET = withApi(async () => ({ status: 200, body: statusBody(API_VERSION) }));
