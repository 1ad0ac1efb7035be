// GET|POST /api/backend/virtualization/virtual-machines/snapshots/all/create/stream — start the vm-snapshots stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('vm-snapshots', 'stream');
export const POST = GET;
