// RelayboxApi implemented directly on an Engine: the one implementation behind the HTTP routes,
// the Electron IPC handlers and in-process tests (DESIGN §5).
import {
  CONN_KINDS, RelayboxApiError, type ConnKind, type EngineStatus, type NamedPathConf, type Paginated, type RelayboxApi, type ReloadResult,
} from '../../shared/api';
import {
  addPath, deletePath, patchGlobal, patchPath, patchPathDefaults, replacePath, resolvePathConf,
  type Config, type ConfigIssue,
} from '../../shared/config';
import type { IpcResult } from '../../shared/ipc';
import { API_METHODS } from '../../shared/ipc';
import { ConfigRejectedError, type Engine } from './engine';
import { portSpecs } from './listeners';
import { deleteSegment, findAllRecordings, findSegments, SegmentNotFoundError, type RecordingSegmentFile } from './record';
import { checkPorts, lanAddresses } from './system';
import type { ForwardManager } from './forward';
import { createPipelinesApi } from './pipelines/api';
import type { PipelineInfo } from '../../shared/pipelines';

export function globalConf(c: Config): Omit<Config, 'paths' | 'pathDefaults'> {
  const { paths: _p, pathDefaults: _d, ...global } = c;
  return global;
}

export function paginate<T>(items: T[], page = 0, itemsPerPage = 100): Paginated<T> {
  const per = Math.max(1, itemsPerPage);
  return { itemCount: items.length, pageCount: Math.ceil(items.length / per), items: items.slice(page * per, (page + 1) * per) };
}

const recordingOf = (name: string, segs: RecordingSegmentFile[]) => ({ name, segments: segs.map((s) => ({ start: s.start.toISOString() })) });

function named(c: Config, name: string): NamedPathConf {
  return { name, ...resolvePathConf(c, name) };
}

export function createEngineApi(engine: Engine): RelayboxApi {
  const edit = async (fn: (c: Config) => { config?: Config; issues: ConfigIssue[] }): Promise<ReloadResult> => {
    try {
      return await engine.edit(fn);
    } catch (err) {
      if (err instanceof ConfigRejectedError) throw new RelayboxApiError(err.message, 400, err.issues);
      throw err;
    }
  };
  const conns = (kind: ConnKind) => {
    if (!(CONN_KINDS as readonly string[]).includes(kind)) throw new RelayboxApiError(`unknown session list "${kind}"`, 404);
    return engine.conns(kind);
  };
  const existing = (name: string) => {
    if (typeof name !== 'string' || !(name in engine.config.paths)) {
      throw new RelayboxApiError(`path configuration "${name}" not found`, 404);
    }
  };
  const pipelines = createPipelinesApi(engine, engine.log.logger('pipelines'));
  return {
    ...pipelines,
    listPipelines: async () => paginate(await pipelines.listPipelines()),
    getInfo: async () => ({ version: `v${engine.version}`, started: new Date(engine.startedAt).toISOString() }),
    getStatus: async () => ({ ...engine.status(), addresses: lanAddresses().filter((a) => a.family === 'IPv4').map((a) => a.address) }),
    startServer: () => engine.startMedia(),
    stopServer: () => engine.stopMedia(),
    checkPorts: () => checkPorts(portSpecs(engine.config)),
    getGlobalConfig: async () => globalConf(engine.config) as never,
    patchGlobalConfig: (patch) => edit((c) => patchGlobal(c, patch)),
    getPathDefaults: async () => engine.config.pathDefaults,
    patchPathDefaults: (patch) => edit((c) => patchPathDefaults(c, patch)),
    listPathConfs: async () => paginate(Object.keys(engine.config.paths).map((n) => named(engine.config, n))),
    getPathConf: async (name) => { existing(name); return named(engine.config, name); },
    addPathConf: (name, conf) => edit((c) => addPath(c, name, conf)),
    patchPathConf: async (name, patch) => { existing(name); return edit((c) => patchPath(c, name, patch)); },
    replacePathConf: async (name, conf) => { existing(name); return edit((c) => replacePath(c, name, conf)); },
    deletePathConf: async (name) => { existing(name); return edit((c) => deletePath(c, name)); },
    listPaths: async () => paginate(engine.paths.list()),
    getPath: async (name) => {
      const p = engine.paths.get(name) ?? undefined;
      if (!p) throw new RelayboxApiError(`path "${name}" not found`, 404);
      return p;
    },
    listConns: async (kind) => paginate(conns(kind)?.list() ?? []),
    getConn: async (kind, id) => {
      const c = conns(kind)?.list().find((x) => x.id === id);
      if (!c) throw new RelayboxApiError(`${kind.replace(/s$/, '')} "${id}" not found`, 404);
      return c;
    },
    kickConn: async (kind, id) => {
      const p = conns(kind);
      if (!p?.kick || !p.kick(id)) throw new RelayboxApiError(`${kind.replace(/s$/, '')} "${id}" not found`, 404);
    },
    listRecordings: async () => paginate([...(await findAllRecordings(engine.config))].sort(([a], [b]) => a.localeCompare(b)).map(([n, segs]) => recordingOf(n, segs))),
    getRecording: async (name) => {
      const segs = await findSegments(engine.config, name);
      if (segs.length === 0) throw new RelayboxApiError(`no recordings of path "${name}"`, 404);
      return recordingOf(name, segs);
    },
    deleteRecordingSegment: async (path, start) => {
      const when = new Date(start);
      if (!path || Number.isNaN(when.getTime())) throw new RelayboxApiError(`invalid path "${path}" or start "${start}" (RFC 3339 time expected)`, 400);
      try {
        await deleteSegment(engine.config, path, when);
      } catch (err) {
        if (err instanceof SegmentNotFoundError) throw new RelayboxApiError(err.message, 404);
        throw err;
      }
    },
    listForwards: async () => paginate(engine.service<ForwardManager>('forward')?.list() ?? []),
    getLogs: async (limit) => engine.log.recent(limit ?? 1000),
    onEvent(listener) {
      const offLog = engine.log.subscribe((entry) => listener({ type: 'log', entry }));
      const onStatus = (status: EngineStatus) => listener({ type: 'status', status });
      engine.on('status', onStatus);
      const onPipelines = (items: PipelineInfo[]) => listener({ type: 'pipelines', items });
      engine.on('pipelines', onPipelines);
      return () => { offLog(); engine.off('status', onStatus); engine.off('pipelines', onPipelines); };
    },
  };
}

/** Dispatch by method name with errors as values: the shape IPC carries. */
export function engineCaller(engine: Engine): (method: string, args: unknown[]) => Promise<IpcResult> {
  const api = createEngineApi(engine) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const allowed = new Set<string>(API_METHODS);
  return async (method, args) => {
    if (!allowed.has(method)) return { ok: false, error: { message: `unknown method ${method}`, status: 400 } };
    try {
      return { ok: true, value: await api[method](...args) };
    } catch (err) {
      const e = err as RelayboxApiError;
      return { ok: false, error: { message: e.message, status: e.status ?? 500, issues: e.issues } };
    }
  };
}
