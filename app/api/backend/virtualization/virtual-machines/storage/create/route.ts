// GET|POST /api/backend/virtualization/virtual-machines/storage/create — start the storage stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('storage', 'job');
export const POST = GET;
