// GET|POST /api/backend/virtualization/virtual-machines/interfaces/create/stream — start the vm-interfaces stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('vm-interfaces', 'stream');
export const POST = GET;
