// Tasks: GET /nodes/{node}/tasks (paged, envelope `total`),
// /nodes/{node}/tasks/{upid}/status and /log, and GET /cluster/tasks.
import { z } from 'zod';
import { optBool, optNum, optStr, pveNum, pveStr } from './primitives';

/** Keys every task listing shares. `status` of a finished task: "OK", "WARNINGS: n", or the error text. */
const taskFields = {
  /** "UPID:{node}:{pid}:{pstart}:{starttime}:{type}:{id}:{user}:" (trailing colon). */
  upid: pveStr,
  node: pveStr,
  pid: optNum,
  pstart: optNum,
  starttime: optNum,
  endtime: optNum,
  /** qmstart, vzdump, srvreload, ... */
  type: optStr,
  /** Often the vmid; "" for multi-guest vzdump. */
  id: optStr,
  /** "root@pam" also for token-started tasks, whose token name is in `tokenid`. */
  user: optStr,
  tokenid: optStr,
  status: optStr,
};

export const pveNodeTaskSchema = z.object(taskFields).loose();
export const pveNodeTaskListSchema = z.array(pveNodeTaskSchema);
export type PveNodeTask = z.infer<typeof pveNodeTaskSchema>;

/** `status` is "running" | "stopped"; the result of a stopped task is in `exitstatus`. */
export const pveTaskStatusSchema = z.object({ ...taskFields, status: pveStr, exitstatus: optStr }).loose();
export type PveTaskStatus = z.infer<typeof pveTaskStatusSchema>;

/** `saved` is "0"/"1" on the wire; pid/pstart only for running tasks. */
export const pveClusterTaskSchema = z.object({ ...taskFields, saved: optBool }).loose();
export const pveClusterTaskListSchema = z.array(pveClusterTaskSchema);
export type PveClusterTask = z.infer<typeof pveClusterTaskSchema>;

/** One line of /tasks/{upid}/log (paged like the task list). */
export const pveTaskLogLineSchema = z.object({ n: pveNum, t: z.string() }).loose();
export const pveTaskLogSchema = z.array(pveTaskLogLineSchema);
export type PveTaskLogLine = z.infer<typeof pveTaskLogLineSchema>;
