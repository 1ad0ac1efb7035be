// GET|POST /api/backend/virtualization/virtual-machines/virtual-disks/create/stream — start the vm-disks stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('vm-disks', 'stream');
export const POST = GET;
