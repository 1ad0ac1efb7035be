// GET /api/backend/netbox/status — the backend NetBox's /api/status/
import { netboxStatusRoute } from '@/lib/backend/netbox-read';

export const dynamic = 'force-dynamic';

export const GET = netboxStatusRoute;
