// RTMP play (RTMP 1.0 §7.2.2.1): connect, createStream, play, then the FLV tag bodies that arrive
// become tracks and access units through the same ingest the RTMP server uses for publishers
// (sequence headers → tracks, coded frames → units, 32-bit timestamps unwrapped).
import type { AccessUnit, Track } from '../../protocols/media/types';
import { metadataOf, playCommand } from '../../protocols/rtmp/commands';
import { setBufferLengthMessage } from '../../protocols/rtmp/control-messages';
import { NetStatusCode, type NetStatus } from '../../protocols/rtmp/status-codes';
import { RtmpIngest } from '../../servers/rtmp/ingest';
import { RtmpClientConnection, type RtmpConnectionOptions } from './connection';
import { describeStatus } from './errors';
import { parseRtmpUrl } from './url';

export interface RtmpPlayOptions extends Omit<RtmpConnectionOptions, 'label'> {
  /** Default "RTMP source". */
  label?: string;
  /** No bytes for this long ends the play (ms). Default 10 s. */
  readTimeoutMs?: number;
  /** Bytes received from the server (chunk stream bytes, after the handshake). */
  onBytes?(n: number): void;
}

export interface RtmpPlayHandlers {
  /** The track list, once the sequence headers are in (video first). Throwing ends the play. */
  tracks(tracks: Track[]): void;
  unit(au: AccessUnit): void;
  /** Something the server sent that cannot be used. */
  warn?(message: string): void;
}

/** Codecs we can take over Enhanced RTMP: announced in connect so servers send them. */
export const PLAY_FOURCCS = ['avc1', 'hvc1', 'av01', 'mp4a', 'Opus'];

/** §7.2.2.1 statuses that say the play cannot go on. */
const PLAY_FAILURES = new Set<string>([
  NetStatusCode.PlayStreamNotFound, NetStatusCode.PlayFailed, NetStatusCode.ConnectRejected, NetStatusCode.ConnectFailed,
]);
const PLAY_ENDS = new Set<string>([NetStatusCode.PlayUnpublishNotify, NetStatusCode.PlayStop, 'NetStream.Play.Complete']);

const playVerdict = (s: NetStatus): boolean | undefined =>
  s.code === NetStatusCode.PlayStart ? true : PLAY_FAILURES.has(s.code) || s.level === 'error' ? false : undefined;

export class RtmpPlayer {
  private constructor(
    readonly connection: RtmpClientConnection,
    /** Resolves with why the play ended (the remote stream ended, the connection dropped, close()). */
    readonly ended: Promise<string>,
  ) {}

  /** Connects and plays `url`; resolves on NetStream.Play.Start, rejects with RtmpClientError. */
  static async open(url: string, handlers: RtmpPlayHandlers, opts: RtmpPlayOptions = {}): Promise<RtmpPlayer> {
    const target = parseRtmpUrl(url);
    // Set once open() resolves; handlers may run before that (the server can talk early).
    const ref: { conn?: RtmpClientConnection } = {};
    let streamId = -1;
    let lastBytes = 0;
    // A handler that throws (e.g. the path refused the publisher) ends the play with its message.
    const guarded = (fn: () => void): void => {
      try {
        fn();
      } catch (err) {
        ref.conn?.close((err as Error).message);
      }
    };
    const ingest = new RtmpIngest({
      tracks: (tracks) => guarded(() => handlers.tracks(tracks)),
      unit: (au) => guarded(() => handlers.unit(au)),
      warn: (m) => handlers.warn?.(m),
    });
    const countBytes = (): void => {
      if (!ref.conn || !opts.onBytes) return;
      const n = ref.conn.bytesReceived;
      if (n > lastBytes) opts.onBytes(n - lastBytes);
      lastBytes = n;
    };
    const conn = await RtmpClientConnection.open(target, { ...opts, label: opts.label ?? 'RTMP source', fourCcList: opts.fourCcList ?? PLAY_FOURCCS }, {
      media: (msg) => {
        countBytes();
        if (streamId < 0 || msg.streamId === streamId) ingest.message(msg);
      },
      data: (data) => {
        const meta = metadataOf(data);
        if (meta) ingest.metadata(meta);
      },
      status: (s) => {
        if (PLAY_ENDS.has(s.code)) ref.conn?.close(`the remote stream ended (${describeStatus(s.code, s.description)})`);
      },
      streamEvent: (ev) => {
        if (ev.type === 'StreamEof' && ev.streamId === streamId) ref.conn?.close('the remote stream ended (StreamEOF)');
      },
    });
    ref.conn = conn;
    try {
      streamId = await conn.createStream();
      const started = conn.waitForStatus(streamId, playVerdict, opts.timeoutMs ?? 10_000);
      // start -2: live, or recorded if there is no live stream (what FFmpeg asks for).
      conn.sendCommand(playCommand(0, conn.streamName, -2), streamId);
      // §7.1.7: how much the server may buffer for us; FFmpeg sends 3 s.
      conn.send(setBufferLengthMessage(streamId, 3000));
      await started;
    } catch (err) {
      conn.close((err as Error).message);
      throw err;
    }
    conn.setReadTimeout(opts.readTimeoutMs ?? 10_000);
    return new RtmpPlayer(conn, conn.closed);
  }

  get bytesReceived(): number {
    return this.connection.bytesReceived;
  }

  close(reason = 'closed by the client'): void {
    this.connection.close(reason);
  }
}
