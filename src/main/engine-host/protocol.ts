// Messages between the shell (parent) and the engine host process (child). Each side validates
// what it receives: the child checks every call with the shared IPC schemas (the renderer's
// calls are relayed through here, so this is the same trust boundary as src/main/ipc.ts), the
// parent checks the child's replies and events before they reach the window.
import { z } from 'zod';
import type { RelayboxEvent } from '../../shared/api';
import type { IpcResult } from '../../shared/ipc';
import type { LogLevel } from '../../shared/log';
import { LOG_LEVELS } from '../../shared/log';

/** What the child needs to build its engine: the same inputs index.ts used for createEngine. */
export interface HostInit {
  configFile: string;
  /** Overrides applied on top of the loaded (or default) config, e.g. logFile in userData. */
  overrides: Record<string, unknown>;
  /** Start the media listeners once the engine exists (the shell's "start server on launch"). */
  startMedia: boolean;
}

export type ToHost =
  | { t: 'init'; init: HostInit }
  | { t: 'call'; id: number; method: string; args: unknown[] }
  /** A shell line (crash reports, settings errors) written into the engine's log. */
  | { t: 'log'; level: LogLevel; module: string; message: string }
  /** Clean shutdown: stop listeners and FFmpeg children, answer `stopped`, exit. */
  | { t: 'stop' };

export type FromHost =
  | { t: 'ready'; state: string }
  | { t: 'result'; id: number; result: IpcResult }
  | { t: 'event'; event: RelayboxEvent }
  | { t: 'stopped' }
  /** The engine could not be created or started; the child exits after sending this. */
  | { t: 'fatal'; message: string };

const ipcError = z.object({ message: z.string(), status: z.number(), issues: z.array(z.unknown()).optional() });
const ipcResult = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ipcError }),
]);
const eventSchema = z.union([
  z.object({ type: z.literal('log'), entry: z.object({ seq: z.number(), time: z.number(), level: z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]]), module: z.string(), message: z.string() }).loose() }),
  z.object({ type: z.literal('status'), status: z.object({ state: z.enum(['stopped', 'starting', 'running', 'partial', 'error', 'stopping']), version: z.string(), listeners: z.array(z.unknown()) }).loose() }),
  z.object({ type: z.literal('paths'), items: z.array(z.unknown()) }),
  z.object({ type: z.literal('pipelines'), items: z.array(z.unknown()) }),
]);

const fromHostSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready'), state: z.string() }),
  z.object({ t: z.literal('result'), id: z.number().int(), result: ipcResult }),
  z.object({ t: z.literal('event'), event: eventSchema }),
  z.object({ t: z.literal('stopped') }),
  z.object({ t: z.literal('fatal'), message: z.string() }),
]);

const toHostSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('init'), init: z.object({ configFile: z.string(), overrides: z.record(z.string(), z.unknown()), startMedia: z.boolean() }) }),
  // The call's method and args are checked by parseIpcRequest (the per-method schemas).
  z.object({ t: z.literal('call'), id: z.number().int(), method: z.string(), args: z.array(z.unknown()) }),
  z.object({ t: z.literal('log'), level: z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]]), module: z.string().max(64), message: z.string().max(64 * 1024) }),
  z.object({ t: z.literal('stop') }),
]);

export type Parsed<T> = { ok: true; msg: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType, raw: unknown, side: string): Parsed<T> {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, msg: r.data as T };
  const tag = typeof raw === 'object' && raw !== null && 't' in raw ? String((raw as { t: unknown }).t) : typeof raw;
  return { ok: false, error: `malformed message to the ${side} (${tag}): ${r.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}` };
}

export const parseFromHost = (raw: unknown) => parseWith<FromHost>(fromHostSchema, raw, 'shell');
export const parseToHost = (raw: unknown) => parseWith<ToHost>(toHostSchema, raw, 'engine host');
