import { isIP } from 'node:net';
import { z } from 'zod';
import { isBadItem, isMultiValue, joinMulti, splitMulti } from '@/lib/models/multi-value';
import type { FieldMeta } from '@/lib/models/types';

/** `10.0.0.5/24` or `2001:db8::1/64`: a host address with an optional, valid prefix length. */
export function parseIpWithPrefix(value: string): { host: string; prefix: number; family: 4 | 6 } | null {
  const [host, prefixText, extra] = value.trim().split('/');
  if (extra !== undefined) return null;
  const family = isIP(host);
  if (family !== 4 && family !== 6) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 1 || prefix > max) return null;
  return { host, prefix, family };
}

function numberSchema(field: FieldMeta, integer: boolean): z.ZodType {
  let schema = z.number({ error: integer ? 'Enter a whole number.' : 'Enter a number.' });
  if (integer) schema = schema.int({ error: 'Enter a whole number.' });
  if (field.min !== undefined)
    schema = schema.min(field.min, { error: `Ensure this value is greater than or equal to ${field.min}.` });
  if (field.max !== undefined)
    schema = schema.max(field.max, { error: `Ensure this value is less than or equal to ${field.max}.` });
  if (integer && field.max === undefined) schema = schema.max(Number.MAX_SAFE_INTEGER);
  // Form inputs and query strings carry numbers as text; accept numeric strings, reject the rest.
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v),
    schema,
  );
}

function textSchema(field: FieldMeta): z.ZodType {
  let schema = z.string({ error: 'Enter text.' });
  if (field.maxLength)
    schema = schema.max(field.maxLength, {
      error: `Ensure this field has no more than ${field.maxLength} characters.`,
    });
  if (field.pattern)
    schema = schema.regex(new RegExp(field.pattern), { error: field.patternMessage ?? 'Enter a valid value.' });
  if (field.required) schema = schema.min(1, { error: 'This field is required.' });
  return schema;
}

const booleanSchema = z.preprocess(
  (v) => (v === 'true' || v === 'on' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean({ error: 'Must be a valid boolean.' }),
);

/**
 * A set-valued text field: comma-separated text (API) or a list (forms) of choice values or
 * object ids, stored in canonical order. Unknown ids are caught by checkMultiReferences.
 */
function multiSchema(field: FieldMeta): z.ZodType {
  return z
    .union([z.string(), z.array(z.string())], { error: 'Enter a comma-separated list or a list of values.' })
    .transform((value, ctx) => {
      const items = Array.isArray(value) ? value.map((s) => s.trim()).filter(Boolean) : splitMulti(value);
      const bad = [...new Set(items.filter((item) => isBadItem(field, item)))];
      if (bad.length > 0) {
        const message = field.multiChoices
          ? `Unknown choice(s): ${bad.join(', ')}. Choose from: ${field.multiChoices.map((c) => c.value).join(', ')}.`
          : `Object ids must be positive whole numbers (not: ${bad.join(', ')}).`;
        ctx.issues.push({ code: 'custom', message, input: value });
        return z.NEVER;
      }
      const text = joinMulti(field, items);
      if (field.maxLength && text.length > field.maxLength) {
        ctx.issues.push({
          code: 'custom',
          message: `Too many items: the list must fit in ${field.maxLength} characters.`,
          input: value,
        });
        return z.NEVER;
      }
      return text;
    });
}

/** The zod schema of one field's value (before nullability). */
function valueSchema(field: FieldMeta): z.ZodType {
  if (isMultiValue(field)) return multiSchema(field);
  switch (field.kind) {
    case 'integer':
      return numberSchema(field, true);
    case 'number':
      return numberSchema(field, false);
    case 'boolean':
    case 'nullboolean':
      return booleanSchema;
    case 'choice': {
      const values = (field.choices ?? []).map((c) => c.value);
      return z
        .string()
        .refine((v) => values.includes(v), { error: (issue) => `"${String(issue.input)}" is not a valid choice.` });
    }
    case 'fk':
      return numberSchema({ ...field, min: 1, max: undefined }, true);
    case 'json':
      return z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())], {
        error: 'Enter valid JSON (an object or a list).',
      });
    case 'datetime':
      return z.coerce.date({ error: 'Enter a valid date/time.' });
    case 'ip':
      return z.string().refine((v) => parseIpWithPrefix(v) !== null, {
        error: 'Enter a valid IPv4 or IPv6 address with an optional prefix length.',
      });
    case 'secret':
      return z.string().max(4096, { error: 'Ensure this field has no more than 4096 characters.' });
    default:
      return textSchema(field);
  }
}

/** Zod schema for one field, honouring nullability; `required` applies on create only. */
export function fieldSchema(field: FieldMeta, mode: 'create' | 'update'): z.ZodType {
  const base = valueSchema(field);
  const nullable = field.nullable || field.kind === 'nullboolean';
  const withNull = nullable ? base.nullable() : base;
  return mode === 'create' && field.required ? withNull : withNull.optional();
}

/** Object schema for the writable fields of a model; unknown keys are reported, not dropped silently. */
export function buildWriteSchema(fields: FieldMeta[], mode: 'create' | 'update'): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) shape[field.key] = fieldSchema(field, mode);
  return z.object(shape);
}

/** zod issues → `{ field: [messages] }` with NetBox's non_field_errors key for object-level issues. */
export function issuesToFieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : 'nonFieldErrors';
    const message =
      issue.code === 'invalid_type' && issue.input === undefined ? 'This field is required.' : issue.message;
    (out[key] ??= []).push(message);
  }
  return out;
}
