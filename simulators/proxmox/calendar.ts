// Just enough of systemd calendar events (the `schedule` syntax) to compute `next-run` and
// `next_sync` for the schedules the simulator generates: `*/15`, `21:00`, `sat 02:00`,
// `mon..fri 12:30`, `06,18:30`. Evaluated in UTC (the simulated nodes run in UTC).

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Parsed {
  days: Set<number>;
  hours: Set<number> | 'any';
  minutes: (m: number) => boolean;
}

function parse(schedule: string): Parsed | undefined {
  const parts = schedule.trim().split(/\s+/);
  let days = new Set([0, 1, 2, 3, 4, 5, 6]);
  if (parts.length === 2) {
    const [from, to] = parts[0].split('..');
    const a = DAYS.indexOf(from);
    const b = to === undefined ? a : DAYS.indexOf(to);
    if (a < 0 || b < 0) return undefined;
    days = new Set();
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  const time = parts.at(-1)!;
  const every = /^\*\/(\d+)$/.exec(time);
  if (every) return { days, hours: 'any', minutes: (m) => m % Number(every[1]) === 0 };
  const hm = /^([\d,]+):(\d{2})$/.exec(time);
  if (!hm) return undefined;
  const minute = Number(hm[2]);
  return { days, hours: new Set(hm[1].split(',').map(Number)), minutes: (m) => m === minute };
}

/** First epoch (seconds, minute-aligned) strictly after `after` that matches; undefined if unparsable. */
export function nextEvent(schedule: string, after: number): number | undefined {
  const p = parse(schedule);
  if (!p) return undefined;
  let t = after - (after % 60) + 60;
  for (let i = 0; i < 8 * 24 * 60; i++, t += 60) {
    const d = new Date(t * 1000);
    if (!p.days.has(d.getUTCDay())) continue;
    if (p.hours !== 'any' && !p.hours.has(d.getUTCHours())) continue;
    if (p.minutes(d.getUTCMinutes())) return t;
  }
  return undefined;
}
