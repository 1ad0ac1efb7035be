// What the last push of each endpoint did, for the endpoint pages ("why is the copy out of
// date"), and the start-up hold: while the server starts, its own backend API is not answering
// yet, so pushes wait for the reconciliation that runs once it is up (lib/backend-client/startup.ts).
// Kept on globalThis because Next loads server modules in several chunks.

export interface PushRecord {
  at: string;
  ok: boolean;
  message: string;
}

interface PushState {
  last: Map<string, PushRecord>;
  held: boolean;
}

const stateKey = Symbol.for('proxbox.backend-push-state');
type GlobalWithState = typeof globalThis & { [stateKey]?: PushState };

function state(): PushState {
  const g = globalThis as GlobalWithState;
  g[stateKey] ??= { last: new Map(), held: false };
  return g[stateKey];
}

const keyOf = (modelKey: string, id: number) => `${modelKey}:${id}`;

export function recordPush(modelKey: string, id: number, ok: boolean, message: string): void {
  state().last.set(keyOf(modelKey, id), { at: new Date().toISOString(), ok, message });
}

/** The last push of this endpoint by this process, if any. */
export function lastPush(modelKey: string, id: number): PushRecord | null {
  return state().last.get(keyOf(modelKey, id)) ?? null;
}

export function holdPushes(held: boolean): void {
  state().held = held;
}

export function pushesHeld(): boolean {
  return state().held;
}
