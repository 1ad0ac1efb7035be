import { describe, expect, it } from 'vitest';
import {
  cronProblem,
  currentSlot,
  describeSchedule,
  nextSlot,
  scheduledEndpoints,
  scheduledStages,
  scheduleOf,
  validateScheduleSettings,
} from '@/lib/sync/jobs/schedule';

const T0 = new Date('2026-11-27T10:07:30Z'); // a Friday
const iso = (d: Date) => d.toISOString();
const settings = (syncInterval: number, syncIntervalUnit: string, syncCron = '') =>
  ({ syncInterval, syncIntervalUnit, syncCron }) as Parameters<typeof scheduleOf>[0];

describe('schedules (pure)', () => {
  it('turns the interval and its unit into epoch-aligned slots', () => {
    const every15 = scheduleOf(settings(15, 'minutes'));
    expect(every15).toEqual({ kind: 'interval', minutes: 15 });
    expect(iso(currentSlot(every15, T0))).toBe('2026-11-27T10:00:00.000Z');
    expect(iso(nextSlot(every15, T0))).toBe('2026-11-27T10:15:00.000Z');
    expect(iso(currentSlot(every15, new Date('2026-11-27T10:15:00Z')))).toBe('2026-11-27T10:15:00.000Z');
    const every2h = scheduleOf(settings(2, 'hours'));
    expect(every2h).toEqual({ kind: 'interval', minutes: 120 });
    expect(iso(currentSlot(every2h, T0))).toBe('2026-11-27T10:00:00.000Z');
    expect(iso(nextSlot(every2h, T0))).toBe('2026-11-27T12:00:00.000Z');
    const daily = scheduleOf(settings(1, 'days'));
    expect(iso(currentSlot(daily, T0))).toBe('2026-11-27T00:00:00.000Z');
    expect(iso(nextSlot(daily, T0))).toBe('2026-11-28T00:00:00.000Z');
    expect([every15, every2h, daily, scheduleOf(settings(3, 'days'))].map(describeSchedule)).toEqual([
      'every 15 minutes',
      'every 2 hours',
      'every 1 day',
      'every 3 days',
    ]);
  });

  it('uses the cron expression (UTC) instead of the interval when one is set: the slot is its last fire time', () => {
    const nightly = scheduleOf(settings(15, 'minutes', ' 0 3 * * * '));
    expect(nightly).toEqual({ kind: 'cron', expression: '0 3 * * *' });
    expect(describeSchedule(nightly)).toBe('cron 0 3 * * * (UTC)');
    expect(iso(currentSlot(nightly, T0))).toBe('2026-11-27T03:00:00.000Z');
    expect(iso(nextSlot(nightly, T0))).toBe('2026-11-28T03:00:00.000Z');

    const officeHours = scheduleOf(settings(15, 'minutes', '*/20 9-17 * * 1-5'));
    expect(iso(currentSlot(officeHours, T0))).toBe('2026-11-27T10:00:00.000Z');
    expect(iso(nextSlot(officeHours, T0))).toBe('2026-11-27T10:20:00.000Z');
    // A fire time belongs to its own slot.
    expect(iso(currentSlot(officeHours, new Date('2026-11-27T10:20:00Z')))).toBe('2026-11-27T10:20:00.000Z');
    expect(iso(nextSlot(officeHours, new Date('2026-11-27T10:20:00Z')))).toBe('2026-11-27T10:40:00.000Z');
    // Saturday noon: the slot is Friday's last run, the next run Monday 09:00.
    const saturday = new Date('2026-11-28T12:00:00Z');
    expect(iso(currentSlot(officeHours, saturday))).toBe('2026-11-27T17:40:00.000Z');
    expect(iso(nextSlot(officeHours, saturday))).toBe('2026-11-30T09:00:00.000Z');
  });

  it('accepts usable cron expressions and explains the others', () => {
    for (const ok of ['0 3 * * *', '*/5 * * * *', '0 9 * * MON-FRI', '30 2 * * THU', '@daily', '@hourly'])
      expect(cronProblem(ok), ok).toBeNull();
    expect(cronProblem('61 * * * *')).toBe(
      'Invalid cron expression: Constraint error, got value 61 expected range 0-59.',
    );
    expect(cronProblem('* * *')).toBe(
      'Use five fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly.',
    );
    expect(cronProblem('0 0 3 * * *')).toBe(
      'Use five fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly.',
    );
    expect(cronProblem('* * * * *')).toBe('Runs must be at least 5 minutes apart.');
    expect(cronProblem('0-4 * * * *')).toBe('Runs must be at least 5 minutes apart.');
    expect(cronProblem('H 3 * * *')).toBe('The H (hash) character is not supported.');
    expect(cronProblem('0 0 31 2 *')).toBe('Invalid cron expression: Invalid explicit day of month definition.');
  });

  it('validates the schedule fields of the settings form', () => {
    expect(
      validateScheduleSettings({
        syncInterval: 60,
        syncIntervalUnit: 'minutes',
        syncCron: '',
        syncStages: '',
        syncEndpoints: '',
      }),
    ).toEqual({});
    expect(
      validateScheduleSettings({
        syncInterval: 2,
        syncIntervalUnit: 'hours',
        syncCron: '',
        syncStages: 'devices, vm-disks',
        syncEndpoints: '1, 2',
      }),
    ).toEqual({});
    expect(
      validateScheduleSettings({
        syncInterval: 4,
        syncIntervalUnit: 'minutes',
        syncCron: '',
        syncStages: '',
        syncEndpoints: '',
      }),
    ).toEqual({ syncInterval: ['The interval must be between 5 minutes and 366 days.'] });
    expect(
      validateScheduleSettings({
        syncInterval: 367,
        syncIntervalUnit: 'days',
        syncCron: '',
        syncStages: '',
        syncEndpoints: '',
      }),
    ).toEqual({ syncInterval: ['The interval must be between 5 minutes and 366 days.'] });
    // With a cron expression the interval is not used, so it is not checked. Stages and endpoint
    // ids are set fields, checked by the generic write schema (tests/lib/data/multi-value-fields.test.ts).
    expect(
      validateScheduleSettings({
        syncInterval: 1,
        syncIntervalUnit: 'minutes',
        syncCron: 'every day',
        syncStages: 'devices,nodes',
        syncEndpoints: '1,x,-2',
      }),
    ).toEqual({
      syncCron: [
        'Use five fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly.',
      ],
    });
  });

  it('reads the stages (canonical order) and endpoints of a scheduled run; empty means all', () => {
    expect(scheduledStages('vm-disks, devices,,')).toEqual(['devices', 'vm-disks']);
    expect(scheduledStages(' ')).toBeUndefined();
    expect(scheduledEndpoints('3, 1,3')).toEqual([3, 1]);
    expect(scheduledEndpoints('')).toBeUndefined();
  });
});
