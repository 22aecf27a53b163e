// The RelayboxApi contract (DESIGN §5): every call the UI makes and every event it receives.
// Implemented over HTTP (./http-client.ts), over Electron IPC (src/preload) and in-process (tests).
import type { ConfigIssue, GlobalConf, PathConf } from './config';
import type { LogEntry } from './log';

export type ListenerName =
  | 'rtsp' | 'rtp' | 'rtcp' | 'rtmp' | 'hls' | 'webrtc' | 'webrtcUdp' | 'api' | 'metrics' | 'playback';

export type ListenerState = 'stopped' | 'starting' | 'listening' | 'port-conflict' | 'error' | 'disabled';

export interface PortOwner {
  pid: number;
  name: string;
  command?: string;
}

export interface ListenerStatus {
  name: ListenerName;
  /** Human label: "RTSP", "RTP (RTSP over UDP)", … */
  label: string;
  /** The config key holding its address, e.g. "rtspAddress". */
  key: string;
  protocol: 'tcp' | 'udp';
  /** As configured, e.g. ":8554". */
  address: string;
  port: number;
  state: ListenerState;
  /** Set while the protocol itself is not implemented yet: the port is held, connections are parked. */
  placeholder?: boolean;
  owner?: PortOwner;
  /** A free port to use instead, for port-conflict. */
  suggestion?: number;
  error?: string;
}

export type ServerState = 'stopped' | 'starting' | 'running' | 'partial' | 'error' | 'stopping';

export interface EngineStatus {
  state: ServerState;
  version: string;
  /** ms since epoch, while running. */
  startedAt?: number;
  configFile?: string;
  listeners: ListenerStatus[];
}

export interface PortReport {
  key: string;
  label: string;
  protocol: 'tcp' | 'udp';
  host: string;
  port: number;
  free: boolean;
  owner?: PortOwner;
  suggestion?: number;
  error?: string;
}

export interface Paginated<T> {
  itemCount: number;
  pageCount: number;
  items: T[];
}

export type NamedPathConf = PathConf & { name: string };

/** Runtime state of a path, MediaMTX v3 field names. */
export interface PathInfo {
  name: string;
  confName: string;
  source: { type: string; id: string } | null;
  ready: boolean;
  readyTime: string | null;
  available: boolean;
  availableTime: string | null;
  online: boolean;
  onlineTime: string | null;
  tracks: string[];
  bytesReceived: number;
  bytesSent: number;
  inboundBytes: number;
  outboundBytes: number;
  readers: { type: string; id: string }[];
}

export interface ServerInfo {
  version: string;
  started: string;
}

export interface ReloadResult {
  /** Listeners that were restarted to apply the change. */
  restarted: ListenerName[];
  /** Paths whose sessions were closed to apply the change. */
  paths: string[];
  warnings: ConfigIssue[];
}

/** MediaMTX's per-protocol session lists: /v3/{kind}/list|get/{id}|kick/{id}. */
export const CONN_KINDS = ['rtmpconns', 'rtspconns', 'rtspsessions', 'webrtcsessions', 'hlsmuxers'] as const;
export type ConnKind = (typeof CONN_KINDS)[number];

/** One connection/session; fields follow MediaMTX's per-protocol shapes (id, created, remoteAddr, state, path, …). */
export interface ConnInfo {
  id: string;
  created: string;
  remoteAddr?: string;
  state?: string;
  path?: string;
  bytesReceived?: number;
  bytesSent?: number;
  [field: string]: unknown;
}

export type RelayboxEvent =
  | { type: 'log'; entry: LogEntry }
  | { type: 'status'; status: EngineStatus }
  | { type: 'paths'; items: PathInfo[] };

/** An error that crossed a boundary as a value ({ ok: false, error }) and was rethrown. */
export class RelayboxApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues: ConfigIssue[] = [],
  ) {
    super(message);
    this.name = 'RelayboxApiError';
  }
}

export interface ApiErrorBody {
  error: string;
  issues?: ConfigIssue[];
}

export interface RelayboxApi {
  getInfo(): Promise<ServerInfo>;
  getStatus(): Promise<EngineStatus>;
  startServer(): Promise<EngineStatus>;
  stopServer(): Promise<EngineStatus>;
  checkPorts(): Promise<PortReport[]>;

  getGlobalConfig(): Promise<GlobalConf>;
  patchGlobalConfig(patch: Partial<GlobalConf>): Promise<ReloadResult>;
  getPathDefaults(): Promise<PathConf>;
  patchPathDefaults(patch: Partial<PathConf>): Promise<ReloadResult>;
  listPathConfs(): Promise<Paginated<NamedPathConf>>;
  getPathConf(name: string): Promise<NamedPathConf>;
  addPathConf(name: string, conf: Partial<PathConf>): Promise<ReloadResult>;
  patchPathConf(name: string, patch: Partial<PathConf>): Promise<ReloadResult>;
  replacePathConf(name: string, conf: Partial<PathConf>): Promise<ReloadResult>;
  deletePathConf(name: string): Promise<ReloadResult>;

  listPaths(): Promise<Paginated<PathInfo>>;
  getPath(name: string): Promise<PathInfo>;

  listConns(kind: ConnKind): Promise<Paginated<ConnInfo>>;
  getConn(kind: ConnKind, id: string): Promise<ConnInfo>;
  kickConn(kind: ConnKind, id: string): Promise<void>;

  getLogs(limit?: number): Promise<LogEntry[]>;
  /** Subscribe to logs and status changes; returns the unsubscribe function. */
  onEvent(listener: (event: RelayboxEvent) => void): () => void;
}

/** HTTP routes of the control API (DESIGN §4). One table, used by the server and the client. */
export const API_ROUTES = {
  info: '/v3/info',
  globalGet: '/v3/config/global/get',
  globalPatch: '/v3/config/global/patch',
  pathDefaultsGet: '/v3/config/pathdefaults/get',
  pathDefaultsPatch: '/v3/config/pathdefaults/patch',
  pathConfsList: '/v3/config/paths/list',
  pathConfGet: '/v3/config/paths/get/',
  pathConfAdd: '/v3/config/paths/add/',
  pathConfPatch: '/v3/config/paths/patch/',
  pathConfReplace: '/v3/config/paths/replace/',
  pathConfDelete: '/v3/config/paths/delete/',
  pathsList: '/v3/paths/list',
  pathGet: '/v3/paths/get/',
  status: '/v3/relaybox/status',
  ports: '/v3/relaybox/ports',
  serverStart: '/v3/relaybox/server/start',
  serverStop: '/v3/relaybox/server/stop',
  logs: '/v3/relaybox/logs',
  events: '/v3/relaybox/events',
} as const;
