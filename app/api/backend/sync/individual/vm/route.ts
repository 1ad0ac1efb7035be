// GET|POST /api/backend/sync/individual/vm — sync one vm named by proxbox-api's parameters, then push
import { individualRoute } from '@/lib/backend/individual-sync';

export const dynamic = 'force-dynamic';

export const GET = individualRoute('vm');
export const POST = GET;
