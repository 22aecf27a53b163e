// RelayboxApi over the control API (HTTP JSON + Server-Sent Events). Runs in browsers and Node.
import {
  API_ROUTES, RelayboxApiError,
  type ApiErrorBody, type RelayboxApi, type RelayboxEvent,
} from './api';

export interface HttpApiOptions {
  /** e.g. "http://127.0.0.1:9997" */
  baseUrl: string;
  /** Basic credentials for the API, if the server requires them. */
  user?: string;
  pass?: string;
  /** Extra headers (e.g. the GUI token). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

function base64(text: string): string {
  // btoa only takes Latin-1: go through UTF-8 bytes.
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function createHttpApi(opts: HttpApiOptions): RelayboxApi {
  const f = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = opts.baseUrl.replace(/\/$/, '');
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.user !== undefined) headers.Authorization = `Basic ${base64(`${opts.user}:${opts.pass ?? ''}`)}`;

  async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await f(base + route, {
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try { data = JSON.parse(text); } catch { data = { error: text }; }
    }
    if (!res.ok) {
      const e = (data ?? {}) as Partial<ApiErrorBody>;
      throw new RelayboxApiError(e.error ?? `HTTP ${res.status}`, res.status, e.issues ?? []);
    }
    return data as T;
  }
  const enc = encodeURIComponent;
  const pathRoute = (prefix: string, name: string) => prefix + name.split('/').map(enc).join('/');

  return {
    getInfo: () => call('GET', API_ROUTES.info),
    getStatus: () => call('GET', API_ROUTES.status),
    startServer: () => call('POST', API_ROUTES.serverStart),
    stopServer: () => call('POST', API_ROUTES.serverStop),
    checkPorts: () => call('GET', API_ROUTES.ports),
    getGlobalConfig: () => call('GET', API_ROUTES.globalGet),
    patchGlobalConfig: (patch) => call('PATCH', API_ROUTES.globalPatch, patch),
    getPathDefaults: () => call('GET', API_ROUTES.pathDefaultsGet),
    patchPathDefaults: (patch) => call('PATCH', API_ROUTES.pathDefaultsPatch, patch),
    listPathConfs: () => call('GET', API_ROUTES.pathConfsList),
    getPathConf: (name) => call('GET', pathRoute(API_ROUTES.pathConfGet, name)),
    addPathConf: (name, conf) => call('POST', pathRoute(API_ROUTES.pathConfAdd, name), conf),
    patchPathConf: (name, patch) => call('PATCH', pathRoute(API_ROUTES.pathConfPatch, name), patch),
    replacePathConf: (name, conf) => call('POST', pathRoute(API_ROUTES.pathConfReplace, name), conf),
    deletePathConf: (name) => call('DELETE', pathRoute(API_ROUTES.pathConfDelete, name)),
    listPaths: () => call('GET', API_ROUTES.pathsList),
    getPath: (name) => call('GET', pathRoute(API_ROUTES.pathGet, name)),
    listConns: (kind) => call('GET', `/v3/${kind}/list`),
    getConn: (kind, id) => call('GET', `/v3/${kind}/get/${enc(id)}`),
    kickConn: (kind, id) => call('POST', `/v3/${kind}/kick/${enc(id)}`),
    listRecordings: () => call('GET', API_ROUTES.recordingsList),
    getRecording: (name) => call('GET', pathRoute(API_ROUTES.recordingGet, name)),
    deleteRecordingSegment: (path, start) =>
      call('DELETE', `${API_ROUTES.recordingDeleteSegment}?path=${enc(path)}&start=${enc(start)}`),
    listPipelines: () => call('GET', API_ROUTES.pipelinesList),
    addPipeline: (name, def) => call('POST', API_ROUTES.pipelineAdd + enc(name), def),
    patchPipeline: (name, patch) => call('PATCH', API_ROUTES.pipelinePatch + enc(name), patch),
    startPipeline: (name) => call('POST', API_ROUTES.pipelineStart + enc(name)),
    stopPipeline: (name) => call('POST', API_ROUTES.pipelineStop + enc(name)),
    deletePipeline: (name) => call('DELETE', API_ROUTES.pipelineDelete + enc(name)),
    listCaptureDevices: () => call('GET', API_ROUTES.pipelineDevices),
    getPipelineCapabilities: () => call('GET', API_ROUTES.pipelineCapabilities),
    listForwards: () => call('GET', API_ROUTES.forwardList),
    getLogs: (limit) => call('GET', API_ROUTES.logs + (limit ? `?limit=${limit}` : '')),
    onEvent(listener) {
      const abort = new AbortController();
      void readEvents(f, base + API_ROUTES.events, headers, abort.signal, listener);
      return () => abort.abort();
    },
  };
}

/** Reads a text/event-stream with fetch (works where EventSource cannot send headers), reconnecting. */
async function readEvents(
  f: typeof fetch, url: string, headers: Record<string, string>, signal: AbortSignal,
  listener: (e: RelayboxEvent) => void,
): Promise<void> {
  let delay = 250;
  while (!signal.aborted) {
    try {
      const res = await f(url, { headers: { ...headers, Accept: 'text/event-stream' }, signal });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      delay = 250;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (data) {
            try { listener(JSON.parse(data) as RelayboxEvent); } catch { /* a listener error must not end the stream */ }
          }
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 5000);
  }
}
