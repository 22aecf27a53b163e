// RTMP publish (RTMP 1.0 §7.2.2.6) the way FFmpeg and OBS do it: connect, releaseStream and
// FCPublish (FMS/nginx-rtmp/CDN ingest conventions), createStream, publish, wait for
// NetStream.Publish.Start; then "@setDataFrame" onMetaData, the sequence headers, and frames.
//
// Which tracks go out: FLV carries one video and one audio track. H.264, AAC and MP3 have legacy
// FLV codec ids; H.265, AV1 and Opus exist only in Enhanced RTMP, so they are sent only when the
// server's connect result announced the FourCC (a legacy server would store garbage), and are
// otherwise skipped with a reason the caller logs.
import type { AccessUnit, Track } from '../../protocols/media/types';
import { metadataForTracks } from '../../protocols/flv/script-tag';
import { serializeMessage } from '../../protocols/rtmp/chunk-writer';
import {
  commandMessage, deleteStreamCommand, fcPublishCommand, fcUnpublishCommand, publishCommand,
  releaseStreamCommand, setDataFrameMessage,
} from '../../protocols/rtmp/commands';
import { rtmpSequenceStartMessage, serializeAccessUnit } from '../../protocols/rtmp/media-message';
import { NetStatusCode, type NetStatus } from '../../protocols/rtmp/status-codes';
import { RtmpClientConnection, type RtmpConnectionHandlers, type RtmpConnectionOptions } from './connection';
import { RtmpClientError } from './errors';
import { parseRtmpUrl } from './url';

export interface RtmpPublishOptions extends Omit<RtmpConnectionOptions, 'label'> {
  /** Default "RTMP publish to". */
  label?: string;
  /** The socket can take more after a write returned false. */
  onDrain?(): void;
}

/** Which of the stream's tracks are sent, and why the others are not. */
export interface RtmpPublishPlan {
  carried: boolean[];
  skipped: string[];
}

/** Enhanced RTMP FourCC per codec that needs one; undefined = legacy FLV id exists. */
const ENHANCED_FOURCC: Partial<Record<Track['codec'], string>> = { H265: 'hvc1', AV1: 'av01', Opus: 'Opus' };

/** What we announce in connect: everything we can send (E-RTMP v1 "fourCcList"). */
export const PUBLISH_FOURCCS = ['avc1', 'hvc1', 'av01', 'mp4a', 'Opus'];

/** Picks the tracks to send; `accepts` says whether the server announced an E-RTMP FourCC. */
export function planRtmpPublish(tracks: readonly Track[], accepts: (fourCc: string) => boolean): RtmpPublishPlan {
  const plan: RtmpPublishPlan = { carried: tracks.map(() => false), skipped: [] };
  const taken = { video: false, audio: false };
  tracks.forEach((t, i) => {
    const name = `track ${i} (${t.kind} ${t.codec})`;
    if (taken[t.kind]) {
      plan.skipped.push(`${name}: RTMP carries one ${t.kind} track`);
      return;
    }
    const fourCc = ENHANCED_FOURCC[t.codec];
    if (fourCc && !accepts(fourCc)) {
      plan.skipped.push(`${name}: the server did not announce Enhanced RTMP support for ${fourCc} in its connect result`);
      return;
    }
    taken[t.kind] = true;
    plan.carried[i] = true;
  });
  return plan;
}

const PUBLISH_FAILURES = new Set<string>([
  NetStatusCode.PublishBadName, NetStatusCode.ConnectRejected, NetStatusCode.ConnectFailed, 'NetStream.Publish.Failed', 'NetStream.Publish.Denied',
]);
const publishVerdict = (s: NetStatus): boolean | undefined =>
  s.code === NetStatusCode.PublishStart ? true : PUBLISH_FAILURES.has(s.code) || s.level === 'error' ? false : undefined;

/**
 * releaseStream + FCPublish + createStream + publish, as FFmpeg and OBS send them; resolves with
 * the message stream id on NetStream.Publish.Start (rejects with RtmpClientError otherwise).
 */
export async function startPublish(conn: RtmpClientConnection, timeoutMs = 10_000): Promise<number> {
  const name = conn.streamName;
  conn.sendCommand(releaseStreamCommand(conn.nextTransactionId(), name));
  conn.sendCommand(fcPublishCommand(conn.nextTransactionId(), name));
  const streamId = await conn.createStream();
  const started = conn.waitForStatus(streamId, publishVerdict, timeoutMs);
  conn.sendCommand(publishCommand(0, name, 'live'), streamId);
  await started;
  return streamId;
}

export class RtmpPublisher {
  private constructor(
    readonly connection: RtmpClientConnection,
    readonly streamId: number,
    readonly tracks: readonly Track[],
    readonly plan: RtmpPublishPlan,
  ) {}

  /**
   * Connects and publishes to `url`; resolves on NetStream.Publish.Start with the track plan
   * made, before anything of the stream was sent (call header() next). Rejects with
   * RtmpClientError (refusals carry the server's status code).
   */
  static async open(url: string, tracks: readonly Track[], opts: RtmpPublishOptions = {}): Promise<RtmpPublisher> {
    const target = parseRtmpUrl(url);
    const handlers: RtmpConnectionHandlers = { drain: () => opts.onDrain?.() };
    const conn = await RtmpClientConnection.open(
      target,
      { ...opts, label: opts.label ?? 'RTMP publish to', fourCcList: opts.fourCcList ?? PUBLISH_FOURCCS },
      handlers,
    );
    try {
      const plan = planRtmpPublish(tracks, (f) => conn.serverAccepts(f));
      if (!plan.carried.includes(true)) {
        throw new RtmpClientError(`${conn.what}: no track can be sent (${plan.skipped.join('; ')})`);
      }
      const streamId = await startPublish(conn, opts.timeoutMs);
      return new RtmpPublisher(conn, streamId, tracks, plan);
    } catch (err) {
      conn.close((err as Error).message);
      throw err;
    }
  }

  get what(): string {
    return this.connection.what;
  }

  get chunkSize(): number {
    return this.connection.chunkSize;
  }

  get closed(): Promise<string> {
    return this.connection.closed;
  }

  /** What goes before the first frame: "@setDataFrame" onMetaData and the sequence headers, as chunks. */
  header(): Buffer {
    const carried = this.tracks.filter((_t, i) => this.plan.carried[i]);
    const parts = [serializeMessage(setDataFrameMessage(metadataForTracks(carried), this.streamId), this.chunkSize)];
    this.tracks.forEach((t, i) => {
      if (!this.plan.carried[i]) return;
      const m = rtmpSequenceStartMessage(t, 0, this.streamId);
      if (m) parts.push(serializeMessage(m, this.chunkSize));
    });
    return Buffer.concat(parts);
  }

  /** One access unit of a carried track as chunks on this stream (null for a track not sent). */
  chunksFor(au: AccessUnit): Buffer | null {
    return this.plan.carried[au.track] ? serializeAccessUnit(au, this.tracks[au.track], this.chunkSize, this.streamId) : null;
  }

  /** Writes chunks (header(), chunksFor(), or shared fan-out bytes at this chunk size and stream id). */
  write(chunks: Buffer): boolean {
    return this.connection.writeChunks(chunks);
  }

  /** FCUnpublish + deleteStream (§7.2.2.3), then the TCP stream ends. */
  close(reason = 'stopped'): void {
    const c = this.connection;
    if (c.isClosed) return;
    c.end(reason, [
      commandMessage(fcUnpublishCommand(c.nextTransactionId(), c.streamName)),
      commandMessage(deleteStreamCommand(c.nextTransactionId(), this.streamId)),
    ]);
  }
}
