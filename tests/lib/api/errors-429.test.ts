import { describe, expect, it } from 'vitest';
import { lockedOut, streamLimited, toApiError, tooManyRequests } from '@/lib/api/errors';
import { StreamLimitError } from '@/lib/sync/jobs/event-stream';

// One 429 for the API, the backend API and /metrics: `{"detail"}` and Retry-After in whole seconds.

describe('429 answers', () => {
  it('rounds Retry-After up to whole seconds, never below 1', () => {
    expect([tooManyRequests('Slow down.', 2.1).status, tooManyRequests('Slow down.', 2.1).headers]).toEqual([
      429,
      { 'Retry-After': '3' },
    ]);
    expect(tooManyRequests('Slow down.', 0).headers).toEqual({ 'Retry-After': '1' });
    expect(tooManyRequests('Slow down.', 0).body).toEqual({ detail: 'Slow down.' });
  });

  it('the lockout and the stream limit use it', () => {
    expect([lockedOut(42).body, lockedOut(42).headers]).toEqual([
      { detail: 'Too many failed authentication attempts. Try again in 42 seconds.' },
      { 'Retry-After': '42' },
    ]);
    const full = new StreamLimitError('No stream slot is free.');
    expect(streamLimited(full)).toMatchObject({ status: 429, headers: { 'Retry-After': '10' } });
    expect(toApiError(null, full, 'req-1')).toMatchObject({
      status: 429,
      body: { detail: 'No stream slot is free.' },
      headers: { 'Retry-After': '10' },
    });
  });
});
