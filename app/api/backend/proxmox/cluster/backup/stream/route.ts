// GET|POST /api/backend/proxmox/cluster/backup/stream — start the backup-routines stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('backup-routines', 'stream');
export const POST = GET;
