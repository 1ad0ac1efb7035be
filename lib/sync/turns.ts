// The sync's stages and its Proxmox reads share one thread. A stage that maps or compares
// thousands of rows in one synchronous stretch (hundreds of milliseconds at 5,000 guests) holds
// every Proxmox answer that arrives meanwhile, and the requests that would follow them are not
// sent: the reads stall while the thread has time to spare overall. Long loops therefore give the
// event loop a turn every few milliseconds of work.

/** Work between turns: short against a request's round trip (tens of milliseconds). */
const SLICE_MS = 8;

let sliceStart = performance.now();

/** Whether the current stretch of synchronous work has run its slice (cheap: call it per item). */
export function turnDue(): boolean {
  return performance.now() - sliceStart >= SLICE_MS;
}

/** Lets pending I/O callbacks run (setImmediate: after the poll phase), then starts a new slice. */
export async function takeTurn(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}
