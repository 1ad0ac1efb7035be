// GET|POST /api/backend/virtualization/virtual-machines/create — start the virtual-machines stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('virtual-machines', 'job');
export const POST = GET;
