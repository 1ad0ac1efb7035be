import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { compare as compareOnThisThread } from 'bcryptjs';

// bcrypt comparisons of sign-in passwords on worker threads. A cost-12 compare in pure JS takes
// ~250 ms of CPU; on the event loop a flood of wrong passwords would stall every other request.
// At most POOL_SIZE compares run at once (a small number, so a flood cannot take every core);
// the rest wait in a queue. The workers are unref'd, so they never keep the process alive.

const POOL_SIZE = Math.max(1, Math.min(2, os.availableParallelism() - 1));

// Evaluated, not loaded from a file: bundlers (Next's server build) do not copy worker files.
// An evaluated worker resolves `require` from the working directory, where node_modules is.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const bcrypt = require('bcryptjs');
parentPort.on('message', ({ id, plain, hash }) => {
  bcrypt.compare(plain, hash).then(
    (ok) => parentPort.postMessage({ id, ok }),
    (error) => parentPort.postMessage({ id, error: String(error && error.message || error) }),
  );
});
`;

interface Task {
  id: number;
  plain: string;
  hash: string;
  resolve: (ok: boolean) => void;
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
let workersUnavailable = false;

/** How many password compares ran in this process (tests read it to prove none were skipped or added). */
export function passwordCompareCount(): number {
  return compares;
}

function spawn(): Slot | null {
  try {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker, task: null };
    worker.on('message', (message: { id: number; ok?: boolean; error?: string }) => {
      const task = slot.task;
      slot.task = null;
      if (task && task.id === message.id) {
        if (message.error !== undefined) task.reject(new Error(message.error));
        else task.resolve(message.ok === true);
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
    slot.worker.postMessage({ id: task.id, plain: task.plain, hash: task.hash });
  }
}

function runInline(task: Task): void {
  compareOnThisThread(task.plain, task.hash).then(task.resolve, task.reject);
}

/** bcrypt.compare on a worker thread; rejects on a malformed hash, as bcrypt.compare does. */
export function compareOffThread(plain: string, hash: string): Promise<boolean> {
  compares++;
  return new Promise<boolean>((resolve, reject) => {
    queue.push({ id: nextId++, plain, hash, resolve, reject });
    pump();
  });
}
