// GET|POST /api/backend/sync/individual/storage — sync one storage named by proxbox-api's parameters, then push
import { individualRoute } from '@/lib/backend/individual-sync';

export const dynamic = 'force-dynamic';

export const GET = individualRoute('storage');
export const POST = GET;
