// GET|POST /api/backend/virtualization/virtual-machines/create/stream — start the virtual-machines stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('virtual-machines', 'stream');
export const POST = GET;
