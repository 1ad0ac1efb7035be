// GET|POST /api/backend/dcim/devices/create/stream — start the devices stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('devices', 'stream');
export const POST = GET;
