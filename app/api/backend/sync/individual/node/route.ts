// GET|POST /api/backend/sync/individual/node — sync one node named by proxbox-api's parameters, then push
import { individualRoute } from '@/lib/backend/individual-sync';

export const dynamic = 'force-dynamic';

export const GET = individualRoute('node');
export const POST = GET;
