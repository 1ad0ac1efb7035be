// GET /api/backend/netbox/openapi — the backend NetBox's OpenAPI document (/api/schema/)
import { netboxOpenapiRoute } from '@/lib/backend/netbox-read';

export const dynamic = 'force-dynamic';

export const GET = netboxOpenapiRoute;
