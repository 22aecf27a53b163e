// Per-method argument schemas for RelayboxApi calls arriving over IPC. They are the trust
// boundary: the main process runs them on every call before anything reaches the engine (the
// renderer is untrusted; Electron security checklist #17 and its IPC guidance).
// Browser-safe (zod only) so an HTTP or test transport can reuse them.
import { z } from 'zod';
import { CONN_KINDS } from './api';
import type { ApiMethod, IpcError, ShellMethod, ShellPrefs } from './ipc';

/** Names are checked in depth by the config layer; here only the shape and a sane size. */
const name = z.string().min(1).max(1024);
/** A config patch: a plain JSON object; its fields are validated by the config schema in the engine. */
const confObject = z.record(z.string(), z.unknown());
const connKind = z.enum(CONN_KINDS);
const noArgs = z.tuple([]);
const pipelineName = z.string().min(1).max(64);

/** Per-method argument tuples. Keys are exactly the whitelisted methods. */
export const IPC_ARG_SCHEMAS = {
  getInfo: noArgs,
  getStatus: noArgs,
  startServer: noArgs,
  stopServer: noArgs,
  checkPorts: noArgs,
  getGlobalConfig: noArgs,
  patchGlobalConfig: z.tuple([confObject]),
  getPathDefaults: noArgs,
  patchPathDefaults: z.tuple([confObject]),
  listPathConfs: noArgs,
  getPathConf: z.tuple([name]),
  addPathConf: z.tuple([name, confObject]),
  patchPathConf: z.tuple([name, confObject]),
  replacePathConf: z.tuple([name, confObject]),
  deletePathConf: z.tuple([name]),
  listPaths: noArgs,
  getPath: z.tuple([name]),
  listConns: z.tuple([connKind]),
  getConn: z.tuple([connKind, z.string().min(1).max(256)]),
  kickConn: z.tuple([connKind, z.string().min(1).max(256)]),
  listRecordings: noArgs,
  getRecording: z.tuple([name]),
  deleteRecordingSegment: z.tuple([name, z.string().min(1).max(64)]),
  listForwards: noArgs,
  listPipelines: noArgs,
  // Definitions are validated in depth by the pipelines schema in the engine.
  addPipeline: z.tuple([pipelineName, confObject]),
  patchPipeline: z.tuple([pipelineName, confObject]),
  startPipeline: z.tuple([pipelineName]),
  stopPipeline: z.tuple([pipelineName]),
  deletePipeline: z.tuple([pipelineName]),
  listCaptureDevices: noArgs,
  getPipelineCapabilities: noArgs,
  // The preload passes every declared parameter, so an omitted optional arrives as undefined.
  getLogs: z.union([noArgs, z.tuple([z.number().int().min(1).max(100_000).optional()])]),
} as const satisfies Record<ApiMethod, z.ZodType<unknown[]>>;

/** setShellSettings: only the known switches, each a boolean, at least one of them. */
export const shellPrefsPatchSchema = z.object({
  startServerOnLaunch: z.boolean(),
  minimizeToTray: z.boolean(),
  openAtLogin: z.boolean(),
}).partial().strict().refine((p) => Object.keys(p).length > 0, 'name at least one setting to change') satisfies z.ZodType<Partial<ShellPrefs>>;

/** Argument tuples of the shell channel (SHELL_IPC_CHANNEL). */
export const SHELL_ARG_SCHEMAS = {
  getShellSettings: noArgs,
  setShellSettings: z.tuple([shellPrefsPatchSchema]),
} as const satisfies Record<ShellMethod, z.ZodType<unknown[]>>;

const requestSchema = z.object({
  method: z.string().max(64),
  args: z.array(z.unknown()).max(8),
}).strict();

/** A checked call, or why it was refused. */
export type ParsedIpcCall<M extends string = string> =
  | { ok: true; method: M; args: unknown[] }
  | { ok: false; error: IpcError };

/** Validate an untrusted IPC payload: whitelisted method and that method's argument shape. */
export function parseIpcRequest(raw: unknown): ParsedIpcCall<ApiMethod> {
  return parseCall(IPC_ARG_SCHEMAS, raw);
}

/** The same check for the shell channel's calls. */
export function parseShellIpcRequest(raw: unknown): ParsedIpcCall<ShellMethod> {
  return parseCall(SHELL_ARG_SCHEMAS, raw);
}

function parseCall<M extends string>(schemas: Record<M, z.ZodType<unknown[]>>, raw: unknown): ParsedIpcCall<M> {
  const isMethod = (m: string): m is M => Object.prototype.hasOwnProperty.call(schemas, m);
  const req = requestSchema.safeParse(raw);
  if (!req.success) {
    return { ok: false, error: { message: 'malformed IPC request: expected { method, args[] }', status: 400 } };
  }
  const { method, args } = req.data;
  if (!isMethod(method)) {
    return { ok: false, error: { message: `unknown method "${method}"`, status: 400 } };
  }
  const parsed = schemas[method].safeParse(args);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    return { ok: false, error: { message: `invalid arguments for ${method}: ${issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`, status: 400, issues } };
  }
  return { ok: true, method, args: parsed.data as unknown[] };
}
