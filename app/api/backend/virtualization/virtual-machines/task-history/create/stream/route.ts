// GET|POST /api/backend/virtualization/virtual-machines/task-history/create/stream — start the task-history stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('task-history', 'stream');
export const POST = GET;
