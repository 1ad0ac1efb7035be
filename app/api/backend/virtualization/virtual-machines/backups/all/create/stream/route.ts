// GET|POST /api/backend/virtualization/virtual-machines/backups/all/create/stream — start the vm-backups stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('vm-backups', 'stream');
export const POST = GET;
