// GET|POST /api/backend/sync/individual/cluster — sync one cluster named by proxbox-api's parameters, then push
import { individualRoute } from '@/lib/backend/individual-sync';

export const dynamic = 'force-dynamic';

export const GET = individualRoute('cluster');
export const POST = GET;
