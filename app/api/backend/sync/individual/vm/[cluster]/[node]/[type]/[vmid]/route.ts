// GET|POST /api/backend/sync/individual/vm/{cluster}/{node}/{type}/{vmid} — one guest, named in the path
import { individualRoute } from '@/lib/backend/individual-sync';

export const dynamic = 'force-dynamic';

export const GET = individualRoute('vm');
export const POST = GET;
