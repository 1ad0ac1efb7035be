// GET|POST /api/backend/virtualization/virtual-machines/task-history/create — start the task-history stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('task-history', 'job');
export const POST = GET;
