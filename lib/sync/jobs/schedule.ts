import { CronExpressionParser } from 'cron-parser';
import { SYNC_STAGES } from '@/db/schema/choices';
import type { ProxboxPluginSettings } from '@/db/schema';
import type { StageName } from '../types';

// The schedule of the settings singleton, as pure functions: an interval (value × unit) gives
// epoch-aligned slots, a cron expression (UTC) gives one slot per fire time. Every process computes
// the same slots, so the slot table's primary key can let exactly one of them start a slot's run.

const MINUTE_MS = 60_000;
const UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;
export type IntervalUnit = keyof typeof UNIT_MINUTES;
/** Shorter schedules would start a run before the previous one could finish. */
export const MIN_SCHEDULE_MINUTES = 5;
const MAX_SCHEDULE_MINUTES = 366 * 1440;
const CRON_ALIASES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly']);

export type Schedule = { kind: 'interval'; minutes: number } | { kind: 'cron'; expression: string };

type ScheduleSettings = Pick<ProxboxPluginSettings, 'syncInterval' | 'syncIntervalUnit' | 'syncCron'>;

/** The schedule the settings describe (the cron expression wins over the interval when set). */
export function scheduleOf(settings: ScheduleSettings): Schedule {
  const cron = settings.syncCron.trim();
  if (cron) return { kind: 'cron', expression: cron };
  return { kind: 'interval', minutes: settings.syncInterval * UNIT_MINUTES[settings.syncIntervalUnit as IntervalUnit] };
}

/** "every 2 hours", "cron 0 3 * * * (UTC)". */
export function describeSchedule(schedule: Schedule): string {
  if (schedule.kind === 'cron') return `cron ${schedule.expression} (UTC)`;
  const m = schedule.minutes;
  const [n, unit] = m % 1440 === 0 ? [m / 1440, 'day'] : m % 60 === 0 ? [m / 60, 'hour'] : [m, 'minute'];
  return `every ${n} ${unit}${n === 1 ? '' : 's'}`;
}

function cronAt(expression: string, at: Date) {
  return CronExpressionParser.parse(expression, { currentDate: at, tz: 'UTC' });
}

/** The problem with a cron expression, or null when it is usable as a schedule. */
export function cronProblem(expression: string): string | null {
  const text = expression.trim();
  const fields = text.split(/\s+/);
  if (!CRON_ALIASES.has(text) && fields.length !== 5)
    return 'Use five fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly.';
  // `H` picks a random value per process: processes would disagree on the slots.
  if (fields.some((f) => f.split(',').some((t) => /^h/i.test(t)))) return 'The H (hash) character is not supported.';
  try {
    const fires = cronAt(text, new Date(Date.UTC(2026, 0, 1)))
      .take(25)
      .map((d) => d.getTime());
    for (let i = 1; i < fires.length; i++) {
      if (fires[i] - fires[i - 1] < MIN_SCHEDULE_MINUTES * MINUTE_MS)
        return `Runs must be at least ${MIN_SCHEDULE_MINUTES} minutes apart.`;
    }
  } catch (error) {
    return `Invalid cron expression: ${error instanceof Error ? error.message : String(error)}.`;
  }
  return null;
}

/** Start of the slot containing `now`: the interval's aligned start, or the cron's last fire time at or before now. */
export function currentSlot(schedule: Schedule, now: Date): Date {
  if (schedule.kind === 'cron')
    return cronAt(schedule.expression, new Date(now.getTime() + 1))
      .prev()
      .toDate();
  const size = Math.max(1, schedule.minutes) * MINUTE_MS;
  return new Date(Math.floor(now.getTime() / size) * size);
}

/** Start of the first slot after `now`. */
export function nextSlot(schedule: Schedule, now: Date): Date {
  if (schedule.kind === 'cron') return cronAt(schedule.expression, now).next().toDate();
  return new Date(currentSlot(schedule, now).getTime() + Math.max(1, schedule.minutes) * MINUTE_MS);
}

/** Comma-separated list → trimmed non-empty items. */
const items = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Stages of a scheduled run, in canonical order; undefined = all. */
export function scheduledStages(text: string): StageName[] | undefined {
  const wanted = new Set(items(text));
  return wanted.size === 0 ? undefined : SYNC_STAGES.filter((s) => wanted.has(s));
}

/** Endpoint ids of a scheduled run; undefined = every enabled endpoint. */
export function scheduledEndpoints(text: string): number[] | undefined {
  const ids = [...new Set(items(text).map(Number))];
  return ids.length === 0 ? undefined : ids;
}

/**
 * The settings form's cross-field rules for scheduling: a usable cron expression and an interval
 * of 5 minutes to a year. Stage names and endpoint ids are set fields (multiChoices / multiFk),
 * checked by the generic write schema and checkMultiReferences.
 */
export function validateScheduleSettings(values: Record<string, unknown>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const cron = typeof values.syncCron === 'string' ? values.syncCron.trim() : '';
  if (cron) {
    const problem = cronProblem(cron);
    if (problem) errors.syncCron = [problem];
  } else {
    const unit = UNIT_MINUTES[values.syncIntervalUnit as IntervalUnit] ?? 1;
    const minutes = Number(values.syncInterval) * unit;
    if (Number.isFinite(minutes) && (minutes < MIN_SCHEDULE_MINUTES || minutes > MAX_SCHEDULE_MINUTES)) {
      errors.syncInterval = [`The interval must be between ${MIN_SCHEDULE_MINUTES} minutes and 366 days.`];
    }
  }
  return errors;
}
