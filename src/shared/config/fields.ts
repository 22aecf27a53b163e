// Building blocks of the config schema. Every value schema carries its own error text (what is
// allowed), so a zod issue's message can be shown to the user as is; `field` adds the default and
// the human description that the settings UI reads back with getFieldMeta.

import { z } from 'zod';
import { ADDRESS_EXAMPLES, checkAddress } from './address';
import { checkDuration, DURATION_EXAMPLES, parseDuration } from './duration';
import { checkIpOrCidr } from './ip';
import { checkSize, SIZE_EXAMPLES } from './size';
import { cloneJson } from './json';

export type FieldKind =
  | 'boolean'
  | 'text'
  | 'integer'
  | 'number'
  | 'duration'
  | 'size'
  | 'address'
  | 'enum'
  | 'list'
  | 'objects'
  | 'text-or-number';

export interface FieldMeta {
  description: string;
  kind: FieldKind;
  /** Human text of what is allowed, e.g. "1–65535" or "one of mpegts, fmp4, lowLatency". */
  allowed: string;
  /** For enums and enum lists: the allowed values. */
  values?: readonly string[];
  /** Never shown in messages or logs. */
  secret?: boolean;
}

export const BOOLEAN_ALLOWED = 'true or false (yes/no and on/off are accepted too)';

/** YAML 1.1 booleans (MediaMTX reads its file as YAML 1.1): yes/no, on/off, y/n, true/false. */
export function yamlBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on' || v === 'y') return true;
  if (v === 'false' || v === 'no' || v === 'off' || v === 'n') return false;
  return value;
}

/** YAML turns `4.1` into a number; text settings take it back as written. */
function scalarToText(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

function numericText(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

/** A single value given where a list is expected is read as a one-item list. */
function scalarToList(value: unknown): unknown {
  return typeof value === 'string' || typeof value === 'number' ? [value] : value;
}

function check<T>(schema: z.ZodType<T>, test: (v: T) => string | undefined) {
  return schema.superRefine((v, ctx) => {
    const reason = test(v);
    if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason });
  });
}

function withKind<S extends z.ZodType>(schema: S, meta: Omit<FieldMeta, 'description'>): S {
  return schema.meta({ ...meta });
}

// ---- value schemas (no default) -------------------------------------------------------------

export function boolValue() {
  return withKind(z.preprocess(yamlBoolean, z.boolean({ error: `must be ${BOOLEAN_ALLOWED}` })), {
    kind: 'boolean',
    allowed: BOOLEAN_ALLOWED,
  });
}

export function textValue(opts: { test?: (s: string) => string | undefined; allowed?: string } = {}) {
  const base = z.string({ error: 'must be text' });
  return withKind(z.preprocess(scalarToText, opts.test ? check(base, opts.test) : base), {
    kind: 'text',
    allowed: opts.allowed ?? 'text',
  });
}

/** Settings MediaMTX keeps as either a number or text (e.g. rtspScale). */
export function textOrNumberValue(allowed: string) {
  return withKind(z.union([z.string(), z.number()], { error: `must be ${allowed}` }), { kind: 'text-or-number', allowed });
}

export function enumValue<const V extends readonly [string, ...string[]]>(values: V, opts: { falseMeans?: V[number] } = {}) {
  const allowed = `one of ${values.join(', ')}`;
  // YAML turns an unquoted `no`/`off` into false in MediaMTX's YAML 1.1; accept it for enums that
  // have such a value (rtspEncryption: no, rpiCameraDenoise: off).
  const pre = (v: unknown): unknown => (v === false && opts.falseMeans !== undefined ? opts.falseMeans : scalarToText(v));
  return withKind(z.preprocess(pre, z.enum(values, { error: `must be ${allowed}` })), {
    kind: 'enum',
    allowed,
    values,
  });
}

export function intValue(opts: { min?: number; max?: number; powerOfTwo?: boolean; allowed?: string } = {}) {
  const { min, max } = opts;
  const range =
    min !== undefined && max !== undefined
      ? `an integer from ${min} to ${max}`
      : min !== undefined
        ? `an integer of at least ${min}`
        : max !== undefined
          ? `an integer of at most ${max}`
          : 'an integer';
  const allowed = opts.allowed ?? (opts.powerOfTwo ? `${range} that is a power of two (256, 512, 1024, …)` : range);
  const base = z.number({ error: `must be ${allowed}` });
  const schema = check(base, (n) => {
    if (!Number.isInteger(n)) return `must be ${allowed}`;
    if (min !== undefined && n < min) return `must be ${allowed}`;
    if (max !== undefined && n > max) return `must be ${allowed}`;
    if (opts.powerOfTwo && (n & (n - 1)) !== 0) return `must be ${allowed}`;
    return undefined;
  });
  return withKind(z.preprocess(numericText, schema), { kind: 'integer', allowed });
}

export function portValue() {
  const base = z.number({ error: 'port must be 1–65535' });
  return withKind(
    z.preprocess(
      numericText,
      check(base, (n) => (Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : 'port must be 1–65535')),
    ),
    { kind: 'integer', allowed: '1–65535' },
  );
}

export function numberValue(allowed = 'a number') {
  return withKind(z.preprocess(numericText, z.number({ error: `must be ${allowed}` })), { kind: 'number', allowed });
}

/** "host:port"; with `optional`, "" disables the listener. */
export function addressValue(opts: { optional?: boolean } = {}) {
  const allowed = `an address such as ${ADDRESS_EXAMPLES}${opts.optional ? ', or "" to disable' : ''}`;
  const base = z.string({ error: `must be ${allowed}` });
  return withKind(
    // A bare number (rtspAddress: 8554) reaches checkAddress as text, which then says to write ":8554".
    z.preprocess(scalarToText, check(base, (s) => (s === '' ? undefined : checkAddress(s)))),
    { kind: 'address', allowed },
  );
}

export function durationValue(opts: { positive?: boolean } = {}) {
  const allowed = `a duration such as ${DURATION_EXAMPLES}${opts.positive ? ', greater than zero' : ''}`;
  const base = z.string({ error: `must be ${allowed}` });
  return withKind(
    z.preprocess(
      // YAML reads `0` and `10` as numbers; as text, "0" is valid and "10" gets a precise hint.
      scalarToText,
      check(base, (s) => {
        const reason = checkDuration(s);
        // Reasons that already say how to fix it ("write e.g. "10s"", the unit list) stand alone.
        if (reason !== undefined) return /write e\.g\.|use ns/.test(reason) ? reason : `must be ${allowed}`;
        const ms = parseDuration(s);
        if (ms < 0) return `must not be negative; must be ${allowed}`;
        if (opts.positive && ms === 0) return `must be ${allowed}`;
        return undefined;
      }),
    ),
    { kind: 'duration', allowed },
  );
}

export function sizeValue() {
  const allowed = `a size such as ${SIZE_EXAMPLES}`;
  return withKind(check(z.string({ error: `must be ${allowed}` }), checkSize), { kind: 'size', allowed });
}

export function textListValue(opts: { test?: (s: string) => string | undefined; allowed?: string; example?: string } = {}) {
  const item = z.preprocess(scalarToText, opts.test ? check(z.string({ error: 'must be text' }), opts.test) : z.string({ error: 'must be text' }));
  const allowed = opts.allowed ?? 'a list of texts';
  return withKind(z.preprocess(scalarToList, z.array(item, { error: `must be ${allowed}, e.g. ${opts.example ?? '[a, b]'}` })), {
    kind: 'list',
    allowed,
  });
}

export function ipListValue() {
  return textListValue({ test: checkIpOrCidr, allowed: 'a list of IP addresses or CIDR ranges', example: "['127.0.0.1', '192.168.0.0/16']" });
}

export function enumListValue<const V extends readonly [string, ...string[]]>(values: V, opts: { min?: number } = {}) {
  const allowed = `a list of ${values.join(', ')}${opts.min ? ` (at least ${opts.min})` : ''}`;
  const list = z.array(z.enum(values, { error: `must be one of ${values.join(', ')}` }), { error: `must be ${allowed}, e.g. [${values.slice(0, 2).join(', ')}]` });
  const schema = opts.min ? check(list, (l) => (l.length < opts.min! ? `must be ${allowed}` : undefined)) : list;
  return withKind(z.preprocess(scalarToList, schema), { kind: 'list', allowed, values });
}

export function numberListValue(opts: { length?: number; allowed: string }) {
  const list = z.array(z.preprocess(numericText, z.number({ error: 'must be a number' })), { error: `must be ${opts.allowed}` });
  return withKind(
    opts.length === undefined ? list : check(list, (l) => (l.length === opts.length ? undefined : `must be ${opts.allowed}`)),
    { kind: 'list', allowed: opts.allowed },
  );
}

export function objectListValue<S extends z.ZodType>(item: S, allowed: string) {
  return withKind(z.array(item, { error: `must be ${allowed}` }), { kind: 'objects', allowed });
}

/** A map inside a list item (authInternalUsers entries, forward targets…). Unknown keys are reported. */
export function itemObject<T extends z.core.$ZodLooseShape>(shape: T, allowed: string) {
  return z.strictObject(shape, { error: `must be ${allowed}` });
}

// ---- fields (value + default + description) -------------------------------------------------

/**
 * A config setting: its value schema, its default and its description. Array/object defaults are
 * copied on every parse so configs never share mutable defaults.
 */
export function field<S extends z.ZodType>(schema: S, def: z.output<S>, description: string, extra: Partial<FieldMeta> = {}) {
  const inner = (schema.meta() ?? {}) as Partial<FieldMeta>;
  const meta: FieldMeta = {
    kind: inner.kind ?? 'text',
    allowed: inner.allowed ?? '',
    ...(inner.values ? { values: inner.values } : {}),
    ...extra,
    description,
  };
  const withDefault = typeof def === 'object' && def !== null ? schema.default(() => cloneJson(def) as never) : schema.default(def as never);
  return withDefault.meta({ ...meta });
}

export const flag = (def: boolean, description: string) => field(boolValue(), def, description);
export const text = (def: string, description: string, extra: Partial<FieldMeta> = {}) => field(textValue(), def, description, extra);
export const secret = (description: string) => field(textValue(), '', description, { secret: true });
export const address = (def: string, description: string, opts: { optional?: boolean } = {}) =>
  field(addressValue(opts), def, description);
export const duration = (def: string, description: string, opts: { positive?: boolean } = {}) =>
  field(durationValue(opts), def, description);
export const size = (def: string, description: string) => field(sizeValue(), def, description);
export const port = (def: number, description: string) => field(portValue(), def, description);
export const ipList = (description: string) => field(ipListValue(), [], description);
export const origins = (def: string[], description: string) =>
  field(textListValue({ allowed: 'a list of origins; "*" allows any, wildcards like http://*.example.com work', example: "['http://localhost:5173']" }), def, description);
export const serverKey = (def: string) => text(def, 'Path to the TLS private key (used only when encryption is enabled).');
export const serverCert = (def: string) => text(def, 'Path to the TLS certificate (used only when encryption is enabled).');
