// Control API routes: MediaMTX v3 names (DESIGN §4) plus Relaybox's own under /v3/relaybox/.
// Every route is a thin mapping onto the one RelayboxApi implementation (engine-api.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_ROUTES, CONN_KINDS, RelayboxApiError, type RelayboxApi } from '../../../../shared/api';
import type { Engine } from '../../engine';
import { paginate } from '../../engine-api';
import { streamEvents } from './events';
import { HttpError, readJson, sendJson } from './http-util';

interface Ctx { api: RelayboxApi; engine: Engine; req: IncomingMessage; res: ServerResponse; url: URL; name: string }
type Handler = (ctx: Ctx) => Promise<unknown>;

interface Route {
  method: string;
  /** Exact path, or a prefix when `withName` (the rest is the path name). */
  path: string;
  withName?: boolean;
  handler: Handler;
}

const body = (req: IncomingMessage) => readJson(req) as Promise<never>;
const pageOf = <T>(url: URL, items: T[]) =>
  paginate(items, Number(url.searchParams.get('page') ?? 0) || 0, Number(url.searchParams.get('itemsPerPage') ?? 100) || 100);

const R = API_ROUTES;
const routes: Route[] = [
  { method: 'GET', path: R.info, handler: ({ api }) => api.getInfo() },
  { method: 'GET', path: R.globalGet, handler: ({ api }) => api.getGlobalConfig() },
  { method: 'PATCH', path: R.globalPatch, handler: async ({ api, req }) => api.patchGlobalConfig(await body(req)) },
  { method: 'GET', path: R.pathDefaultsGet, handler: ({ api }) => api.getPathDefaults() },
  { method: 'PATCH', path: R.pathDefaultsPatch, handler: async ({ api, req }) => api.patchPathDefaults(await body(req)) },
  { method: 'GET', path: R.pathConfsList, handler: async ({ api, url }) => pageOf(url, (await api.listPathConfs()).items) },
  { method: 'GET', path: R.pathConfGet, withName: true, handler: ({ api, name }) => api.getPathConf(name) },
  { method: 'POST', path: R.pathConfAdd, withName: true, handler: async ({ api, req, name }) => api.addPathConf(name, await body(req)) },
  { method: 'PATCH', path: R.pathConfPatch, withName: true, handler: async ({ api, req, name }) => api.patchPathConf(name, await body(req)) },
  { method: 'POST', path: R.pathConfReplace, withName: true, handler: async ({ api, req, name }) => api.replacePathConf(name, await body(req)) },
  { method: 'DELETE', path: R.pathConfDelete, withName: true, handler: ({ api, name }) => api.deletePathConf(name) },
  { method: 'GET', path: R.pathsList, handler: async ({ api, url }) => pageOf(url, (await api.listPaths()).items) },
  { method: 'GET', path: R.pathGet, withName: true, handler: ({ api, name }) => api.getPath(name) },
  ...CONN_KINDS.flatMap((kind): Route[] => [
    { method: 'GET', path: `/v3/${kind}/list`, handler: async ({ api, url }) => pageOf(url, (await api.listConns(kind)).items) },
    { method: 'GET', path: `/v3/${kind}/get/`, withName: true, handler: ({ api, name }) => api.getConn(kind, name) },
    { method: 'POST', path: `/v3/${kind}/kick/`, withName: true, handler: ({ api, name }) => api.kickConn(kind, name) },
  ]),
  { method: 'GET', path: R.recordingsList, handler: async ({ api, url }) => pageOf(url, (await api.listRecordings()).items) },
  { method: 'GET', path: R.recordingGet, withName: true, handler: ({ api, name }) => api.getRecording(name) },
  { method: 'DELETE', path: R.recordingDeleteSegment, handler: ({ api, url }) =>
    api.deleteRecordingSegment(url.searchParams.get('path') ?? '', url.searchParams.get('start') ?? '') },
  { method: 'GET', path: R.forwardList, handler: async ({ api, url }) => pageOf(url, (await api.listForwards()).items) },
  { method: 'GET', path: R.pipelinesList, handler: async ({ api, url }) => pageOf(url, (await api.listPipelines()).items) },
  { method: 'POST', path: R.pipelineAdd, withName: true, handler: async ({ api, req, name }) => api.addPipeline(name, await body(req)) },
  { method: 'PATCH', path: R.pipelinePatch, withName: true, handler: async ({ api, req, name }) => api.patchPipeline(name, await body(req)) },
  { method: 'POST', path: R.pipelineStart, withName: true, handler: ({ api, name }) => api.startPipeline(name) },
  { method: 'POST', path: R.pipelineStop, withName: true, handler: ({ api, name }) => api.stopPipeline(name) },
  { method: 'DELETE', path: R.pipelineDelete, withName: true, handler: ({ api, name }) => api.deletePipeline(name) },
  { method: 'GET', path: R.pipelineDevices, handler: ({ api }) => api.listCaptureDevices() },
  { method: 'GET', path: R.pipelineCapabilities, handler: ({ api }) => api.getPipelineCapabilities() },
  { method: 'GET', path: R.status, handler: ({ api }) => api.getStatus() },
  { method: 'GET', path: R.ports, handler: ({ api }) => api.checkPorts() },
  { method: 'POST', path: R.serverStart, handler: ({ api }) => api.startServer() },
  { method: 'POST', path: R.serverStop, handler: ({ api }) => api.stopServer() },
  { method: 'GET', path: R.logs, handler: ({ api, url }) => api.getLogs(Number(url.searchParams.get('limit') ?? 1000) || 1000) },
  { method: 'GET', path: R.events, handler: async ({ engine, req, res, url }) => {
    const since = url.searchParams.get('since');
    streamEvents(engine, req, res, since === null ? undefined : Number(since));
    return undefined;
  } },
];

export async function dispatch(api: RelayboxApi, engine: Engine, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  let pathMatched = false;
  for (const r of routes) {
    let name = '';
    if (r.withName) {
      if (!url.pathname.startsWith(r.path)) continue;
      name = decodeURIComponent(url.pathname.slice(r.path.length));
      if (!name) continue;
    } else if (url.pathname !== r.path) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    let out: unknown;
    try {
      out = await r.handler({ api, engine, req, res, url, name });
    } catch (err) {
      if (err instanceof RelayboxApiError) throw new HttpError(err.status, err.message, err.issues.length ? { issues: err.issues } : {});
      throw err;
    }
    if (!res.headersSent) sendJson(res, 200, out ?? {});
    return;
  }
  if (pathMatched) throw new HttpError(405, `method ${method} not allowed on ${url.pathname}`);
  throw new HttpError(404, `no such endpoint: ${url.pathname}`);
}
