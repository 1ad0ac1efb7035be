import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { compare as compareOnThisThread, hash as hashOnThisThread } from 'bcryptjs';

// Every bcrypt computation of the app (sign-in passwords, API keys; comparing and hashing) on
// worker threads. A cost-12 bcrypt in pure JS takes ~250 ms of CPU; on the event loop a flood of
// wrong passwords or keys would stall every other request. At most POOL_SIZE run at once (a
// small number, so a flood cannot take every core); the rest wait in a queue. Idle workers are
// unref'd, so they never keep the process alive; a busy one does, until its answer is in.

const POOL_SIZE = Math.max(1, Math.min(2, os.availableParallelism() - 1));

// Evaluated, not loaded from a file: bundlers (Next's server build) do not copy worker files.
// An evaluated worker resolves `require` from the working directory, where node_modules is.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const bcrypt = require('bcryptjs');
parentPort.on('message', ({ id, plain, hash, cost }) => {
  (cost === undefined ? bcrypt.compare(plain, hash) : bcrypt.hash(plain, cost)).then(
    (result) => parentPort.postMessage({ id, result }),
    (error) => parentPort.postMessage({ id, error: String(error && error.message || error) }),
  );
});
`;

/**
 * bcrypt refused its input (a malformed stored hash, say): the caller may count that as a
 * mismatch. Anything else (a worker that died) is a failure of the server and must surface as one,
 * not as a wrong password or key that feeds the lockout.
 */
export class BcryptInputError extends Error {
  override name = 'BcryptInputError';
}

/** A compare (`hash` set: resolves a boolean) or a hash (`cost` set: resolves the hash). */
interface Task {
  id: number;
  plain: string;
  hash?: string;
  cost?: number;
  resolve: (result: boolean | string) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

const queue: Task[] = [];
const slots: Slot[] = [];
let nextId = 1;
let compares = 0;
let hashes = 0;
let workersUnavailable = false;

/** How many bcrypt compares ran in this process (tests read it to prove none were skipped or added). */
export function bcryptCompareCount(): number {
  return compares;
}

/** How many bcrypt hashes were computed in this process. */
export function bcryptHashCount(): number {
  return hashes;
}

function spawn(): Slot | null {
  try {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const slot: Slot = { worker, task: null };
    worker.on('message', (message: { id: number; result?: boolean | string; error?: string }) => {
      const task = slot.task;
      slot.task = null;
      worker.unref();
      if (task && task.id === message.id) {
        if (message.error !== undefined) task.reject(new BcryptInputError(message.error));
        else if (message.result === undefined) task.reject(new Error('bcrypt worker answered nothing'));
        else task.resolve(message.result);
      }
      pump();
    });
    worker.on('error', (error) => {
      // A dead worker fails its task and leaves the pool; the next task spawns a fresh one.
      slot.task?.reject(error);
      slot.task = null;
      slots.splice(slots.indexOf(slot), 1);
      pump();
    });
    // Idle workers must not keep the process alive (one-shot commands such as `npm run keys`
    // would never exit), busy ones must (or it could exit with a hash still owed): each task
    // refs its worker and its answer unrefs it. After the listeners, which re-ref the port.
    worker.unref();
    slots.push(slot);
    return slot;
  } catch (error) {
    workersUnavailable = true;
    console.error('Password checks cannot use worker threads; they run on the main thread:', error);
    return null;
  }
}

function pump(): void {
  while (queue.length > 0) {
    const slot = slots.find((s) => s.task === null) ?? (slots.length < POOL_SIZE ? spawn() : null);
    if (!slot) {
      if (workersUnavailable) runInline(queue.shift()!);
      return;
    }
    const task = queue.shift()!;
    slot.task = task;
    slot.worker.ref();
    slot.worker.postMessage({ id: task.id, plain: task.plain, hash: task.hash, cost: task.cost });
  }
}

function runInline(task: Task): void {
  (task.cost === undefined
    ? compareOnThisThread(task.plain, task.hash ?? '')
    : hashOnThisThread(task.plain, task.cost)
  ).then(task.resolve, (error: unknown) =>
    task.reject(new BcryptInputError(String((error as Error)?.message ?? error))),
  );
}

function enqueue<T extends boolean | string>(task: Omit<Task, 'id' | 'resolve' | 'reject'>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ ...task, id: nextId++, resolve: resolve as (result: boolean | string) => void, reject });
    pump();
  });
}

/** bcrypt.compare on a worker thread; rejects on a malformed hash, as bcrypt.compare does. */
export function compareOffThread(plain: string, hash: string): Promise<boolean> {
  compares++;
  return enqueue<boolean>({ plain, hash });
}

/** bcrypt.hash with `cost` on a worker thread. */
export function hashOffThread(plain: string, cost: number): Promise<string> {
  hashes++;
  return enqueue<string>({ plain, cost });
}
