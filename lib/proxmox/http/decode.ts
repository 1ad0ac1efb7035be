// Body decoding: JSON → envelope → the caller's schema. Failures become `validation` errors that
// name the path and the first zod issues, except guest-agent errors that PVE ≤ 6 sent with HTTP 200.
import type { z } from 'zod';
import { ProxmoxError } from '../errors';
import { pveEnvelopeSchema, type PveEnvelope } from '../schemas/envelope';
import { AGENT_ERROR_PARAM, isRecord } from '../schemas/primitives';
import type { RequestContext } from './classify';
import type { RawResponse } from './transport';

const MAX_ISSUES = 3;

/** The error members of a non-2xx body, which may be empty (401, 595) or not JSON at all. */
export function errorBody(response: RawResponse): { message: string | null; errors: Record<string, string> | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return { message: null, errors: null };
  }
  if (!isRecord(parsed)) return { message: null, errors: null };
  const message = typeof parsed.message === 'string' && parsed.message.trim() ? parsed.message : null;
  const errors = isRecord(parsed.errors)
    ? Object.fromEntries(
        Object.entries(parsed.errors).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      )
    : null;
  return { message, errors };
}

function validationError(ctx: RequestContext, what: string, detail: string, cause?: unknown): ProxmoxError {
  return new ProxmoxError({
    category: 'validation',
    status: 200,
    path: ctx.path,
    message: ctx.redact(`GET ${ctx.path}: ${what}`),
    suggestion:
      'Proxmox VE answered in an unexpected shape: check that the base URL points at the Proxmox VE API and report the answer if it does',
    detail: ctx.redact(detail),
    cause,
  });
}

/** `data[3].vmid`-style location of a zod issue. */
function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
    'data',
  );
}

/** Human summary of up to three zod issues: "data[0].vmid: Invalid input: expected number, received string". */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES).map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
  const more = issues.length > MAX_ISSUES ? ` (+${issues.length - MAX_ISSUES} more)` : '';
  return shown.join('; ') + more;
}

/** Parses a 2xx body as the envelope. */
export function decodeEnvelope(response: RawResponse, ctx: RequestContext): PveEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch (error) {
    const type = response.contentType || 'no content type';
    throw validationError(ctx, `the answer is not JSON (${type})`, 'invalid JSON', error);
  }
  const envelope = pveEnvelopeSchema.safeParse(parsed);
  if (!envelope.success) {
    throw validationError(
      ctx,
      `the answer is not a {"data": ...} envelope: ${describeIssues(envelope.error.issues)}`,
      'envelope',
    );
  }
  return envelope.data;
}

/** Parses `data` with the caller's schema. */
export function decodeData<T>(data: unknown, schema: z.ZodType<T>, ctx: RequestContext): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const agentIssue = result.error.issues.find(
    (issue) => issue.code === 'custom' && isRecord(issue.params) && typeof issue.params[AGENT_ERROR_PARAM] === 'string',
  );
  if (agentIssue && agentIssue.code === 'custom') {
    const detail = ctx.redact(String(agentIssue.params?.[AGENT_ERROR_PARAM]));
    throw new ProxmoxError({
      category: 'internal',
      status: 200,
      path: ctx.path,
      message: `GET ${ctx.path}: ${detail}`,
      suggestion: 'The guest agent cannot answer this command: update qemu-guest-agent in the guest',
      detail,
    });
  }
  throw validationError(
    ctx,
    `unexpected answer: ${describeIssues(result.error.issues)}`,
    describeIssues(result.error.issues),
    result.error,
  );
}
