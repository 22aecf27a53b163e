// The RelayboxApi contract (DESIGN §5): every call the UI makes and every event it receives.
// Implemented over HTTP (./http-client.ts), over Electron IPC (src/preload) and in-process (tests).
import type { ConfigIssue, GlobalConf, PathConf } from './config';
import type { LogEntry } from './log';
import type { DeviceListing, PipelineCapabilities, PipelineDefInput, PipelineInfo } from './pipelines';

export type ListenerName =
  | 'rtsp' | 'rtp' | 'rtcp' | 'rtmp' | 'hls' | 'webrtc' | 'webrtcUdp' | 'api' | 'metrics' | 'playback'
  | 'rtsps' | 'rtmps';

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
  /** This machine's non-loopback IPv4 addresses, for URLs other devices open (getStatus only, not status events). */
  addresses?: string[];
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
  /**
   * Relaybox addition, only on paths whose `source` is a URL (a pulled source): what the source
   * is doing now, since when (ISO time), and the last error (kept until the next successful start).
   * `bytesReceived` above then counts bytes received from the remote.
   */
  sourceStatus?: SourceStatus;
}

export type SourceState = 'idle' | 'connecting' | 'ready' | 'retrying';

export interface SourceStatus {
  /** idle: on demand and nobody reading; retrying: waiting (backoff) before the next attempt. */
  state: SourceState;
  since: string;
  lastError?: string;
  /** Consecutive failed attempts (reset when a start succeeds). */
  attempts: number;
}

export type ForwardState = 'connecting' | 'running' | 'retrying' | 'failed';

/** One `forward` destination of a ready path (/v3/paths/forward/list; Relaybox addition). */
export interface ForwardInfo {
  path: string;
  /** The destination URL with its password hidden. */
  dest: string;
  /** failed: cannot work here (no driver, FFmpeg without libsrt) and is not retried. */
  state: ForwardState;
  lastError: string | null;
  bytesSent: number;
  /** When the current state began (RFC 3339). */
  since: string;
}

/** A recording segment (MediaMTX APIRecordingSegment): its start time, RFC 3339. */
export interface RecordingSegment {
  start: string;
}

/** The recordings of one path (MediaMTX APIRecording, /v3/recordings/get/{name}). */
export interface Recording {
  name: string;
  segments: RecordingSegment[];
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
export const CONN_KINDS = ['rtmpconns', 'rtspconns', 'rtspsessions', 'webrtcsessions', 'hlsmuxers', 'rtmpsconns', 'rtspsconns', 'rtspssessions'] as const;
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
  | { type: 'paths'; items: PathInfo[] }
  | { type: 'pipelines'; items: PipelineInfo[] };

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

  /** Paths with recordings on disk (/v3/recordings/list). */
  listRecordings(): Promise<Paginated<Recording>>;
  getRecording(name: string): Promise<Recording>;
  /** Deletes the segment of `path` that starts at `start` (RFC 3339), as MediaMTX's deletesegment. */
  deleteRecordingSegment(path: string, start: string): Promise<void>;

  /** Relaybox's FFmpeg pipelines (src/shared/pipelines.ts); definitions persist in relaybox.settings.json. */
  listPipelines(): Promise<Paginated<PipelineInfo>>;
  addPipeline(name: string, def: PipelineDefInput): Promise<PipelineInfo>;
  /** Merges into the stored definition (null removes a field); a running pipeline restarts. */
  patchPipeline(name: string, patch: Partial<PipelineDefInput>): Promise<PipelineInfo>;
  /** Start/stop are remembered (autoStart) across server restarts. */
  startPipeline(name: string): Promise<PipelineInfo>;
  stopPipeline(name: string): Promise<PipelineInfo>;
  deletePipeline(name: string): Promise<void>;
  listCaptureDevices(): Promise<DeviceListing>;
  getPipelineCapabilities(): Promise<PipelineCapabilities>;

  /** Every `forward` destination of the ready paths and what it is doing (/v3/paths/forward/list). */
  listForwards(): Promise<Paginated<ForwardInfo>>;

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
  recordingsList: '/v3/recordings/list',
  recordingGet: '/v3/recordings/get/',
  recordingDeleteSegment: '/v3/recordings/deletesegment',
  pipelinesList: '/v3/relaybox/pipelines/list',
  pipelineAdd: '/v3/relaybox/pipelines/add/',
  pipelinePatch: '/v3/relaybox/pipelines/patch/',
  pipelineStart: '/v3/relaybox/pipelines/start/',
  pipelineStop: '/v3/relaybox/pipelines/stop/',
  pipelineDelete: '/v3/relaybox/pipelines/delete/',
  pipelineDevices: '/v3/relaybox/pipelines/devices',
  pipelineCapabilities: '/v3/relaybox/pipelines/capabilities',
  forwardList: '/v3/paths/forward/list',
} as const;
