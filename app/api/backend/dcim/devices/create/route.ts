// GET|POST /api/backend/dcim/devices/create — start the devices stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('devices', 'job');
export const POST = GET;
