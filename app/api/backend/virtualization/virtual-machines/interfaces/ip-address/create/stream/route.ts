// GET|POST /api/backend/virtualization/virtual-machines/interfaces/ip-address/create/stream — start the ip-addresses stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('ip-addresses', 'stream');
export const POST = GET;
