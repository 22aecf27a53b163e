// What protocol servers send to the path manager and what they get back. Servers depend on
// these types (and on Pick<PathManager, 'addPublisher' | 'addReader'>), not on Path itself.
import type { PathConf } from '../../../shared/config';
import type { Track } from '../protocols/media/types';
import type { OutputFormat, ReaderSink } from './format';
import type { StreamReader } from './reader';
import type { Stream } from './stream';

export type SessionProtocol = 'rtmp' | 'rtsp' | 'hls' | 'webrtc' | 'srt' | 'internal';

/** The core's handle on a server session: used to end it (kick, override, reload, timeout). */
export interface SessionControl {
  /** End the session (close the socket, answer the HTTP request). Must not throw. */
  close(reason: string): void;
}

export interface PathAccessRequest {
  path: string;
  /** Raw query string; never logged (RTMP carries pass= in it). */
  query: string;
  /** Client address as the socket reports it. */
  ip: string;
  user?: string;
  pass?: string;
  protocol: SessionProtocol;
  /** Session id, unique within its protocol server (shown in the API). */
  id: string;
  session: SessionControl;
  /** MediaMTX API type ("rtmpConn", "rtspSession", …); derived from protocol if absent. */
  type?: string;
}

export type PathErrorCode = 'notFound' | 'unauthorized' | 'forbidden' | 'busy' | 'maxReaders' | 'notReady' | 'invalidPath';

/**
 * How servers answer each code (DESIGN §3):
 * notFound/invalidPath/notReady → RTSP 404, HTTP 404, RTMP NetStream.Play.StreamNotFound;
 * unauthorized → 401 / RTMP NetConnection.Connect.Rejected (ask for credentials);
 * forbidden → 401 (MediaMTX answers 401 for both) or 403;
 * busy → RTSP 400 / RTMP NetStream.Publish.BadName; maxReaders → RTSP 503 / RTMP Rejected.
 */
export interface PathFailure {
  ok: false;
  code: PathErrorCode;
  /** Safe to show the client and to log: never contains a password. */
  message: string;
}

export interface PathPublisher {
  readonly pathName: string;
  /** The current stream, once setTracks() was called and while this is the path's publisher. */
  readonly stream: Stream | null;
  /** True once this publisher was removed (closed by the server, replaced, or reloaded away). */
  readonly closed: boolean;
  /**
   * Announce the tracks: the path becomes ready and the returned stream takes writeUnit().
   * Calling it again replaces the stream (readers of the old one are ended). On a publisher
   * that was already removed, returns a closed stream that ignores writes.
   */
  setTracks(tracks: readonly Track[]): Stream;
  /** The publisher's session ended (socket closed, unpublish). Idempotent. */
  close(reason?: string): void;
}

export interface PathReader {
  readonly pathName: string;
  readonly stream: Stream;
  readonly closed: boolean;
  /**
   * Start receiving in one format (a session may subscribe more than once, e.g. WebRTC video
   * and audio in different formats). See Stream.addReader for what the sink receives.
   */
  subscribe<T>(opts: { format: OutputFormat<T>; sink: ReaderSink<T>; awaitKeyframe?: boolean }): StreamReader<T>;
  /** Bytes handed to this session's sinks. */
  readonly bytesSent: number;
  /** The reader's session ended. Idempotent. */
  close(): void;
}

export type AddPublisherResult =
  | { ok: true; publisher: PathPublisher; confName: string; conf: PathConf; matches: string[] }
  | PathFailure;

export type AddReaderResult =
  | { ok: true; reader: PathReader; stream: Stream; confName: string; conf: PathConf; matches: string[] }
  | PathFailure;

const SESSION_TYPES: Record<SessionProtocol, string> = {
  rtmp: 'rtmpConn',
  rtsp: 'rtspSession',
  hls: 'hlsMuxer',
  webrtc: 'webRTCSession',
  srt: 'srtConn',
  internal: 'internal',
};

/** MediaMTX API type name for a session of this protocol. */
export function sessionTypeOf(req: Pick<PathAccessRequest, 'protocol' | 'type'>): string {
  return req.type ?? SESSION_TYPES[req.protocol];
}
