// Forward to rtmp:// and rtmps:// destinations with the native RTMP client (no FFmpeg, no
// transcoding). Serialize once: when the destination gave us message stream id 1 and takes the
// tracks local RTMP readers get, the forwarder subscribes with the RTMP server's own output
// format at the server's chunk size, so each access unit is chunked once for the local readers
// and every forward target together. Otherwise (another stream id, or tracks skipped because the
// server lacks Enhanced RTMP) it uses a publish format keyed by what changes the bytes.
import type { FormatEncoder, OutputFormat } from '../core/format';
import type { Stream } from '../core/stream';
import { RtmpPublisher } from '../clients/rtmp';
import { PLAY_STREAM_ID, serializeAccessUnit } from '../protocols/rtmp/media-message';
import { rtmpCarries, rtmpFormat } from '../servers/rtmp/format';
import { RTMP_OUT_CHUNK_SIZE } from '../servers/rtmp/server';
import type { ForwardDriver, ForwardDriverContext } from './driver';

/** Chunks for one publish stream id and track selection; the header is never used (see sink). */
function rtmpPublishFormat(chunkSize: number, streamId: number, carried: readonly boolean[]): OutputFormat<Buffer> {
  return {
    key: `rtmp-publish/${chunkSize}/${streamId}/${carried.map((c) => (c ? 1 : 0)).join('')}`,
    createEncoder: (stream: Stream): FormatEncoder<Buffer> => ({
      encode: (au) => (carried[au.track] ? serializeAccessUnit(au, stream.tracks[au.track], chunkSize, streamId) : null),
      byteLength: (b) => b.length,
    }),
  };
}

/** The shared RTMP play format fits when it carries exactly the planned tracks on stream id 1. */
function sharedFormatFits(publisher: RtmpPublisher, opus: boolean): boolean {
  return (
    publisher.streamId === PLAY_STREAM_ID &&
    publisher.chunkSize === RTMP_OUT_CHUNK_SIZE &&
    publisher.tracks.every((t, i) => publisher.plan.carried[i] === rtmpCarries(t, opus))
  );
}

export interface RtmpForwardOptions {
  /** `destFingerprint`: SHA-256 of a self-signed rtmps certificate to accept. */
  fingerprint?: string;
}

/** Publishes the path to ctx.dest until the destination fails (reject) or ctx.signal aborts. */
export async function forwardToRtmp(ctx: ForwardDriverContext, opts: RtmpForwardOptions = {}): Promise<void> {
  const { reader, log, signal } = ctx;
  const tracks = reader.stream.tracks;
  let resume = (): void => undefined;
  const publisher = await RtmpPublisher.open(ctx.dest, tracks, {
    label: 'RTMP forward to',
    signal,
    chunkSize: RTMP_OUT_CHUNK_SIZE,
    fingerprint: opts.fingerprint || undefined,
    onDrain: () => resume(),
  });
  for (const why of publisher.plan.skipped) log.warn(`not forwarding ${why}`);
  const opus = publisher.connection.serverAccepts('Opus');
  const shared = sharedFormatFits(publisher, opus);
  const format = shared ? rtmpFormat(RTMP_OUT_CHUNK_SIZE, opus) : rtmpPublishFormat(publisher.chunkSize, publisher.streamId, publisher.plan.carried);
  log.info(`publishing to ${publisher.connection.url.display} (${shared ? 'chunks shared with local RTMP readers' : `own chunks, stream id ${publisher.streamId}`})`);

  const header = publisher.header();
  ctx.addBytes(header.length);
  publisher.write(header);
  let ended: ((reason: string) => void) | undefined;
  const streamEnded = new Promise<string>((resolve) => (ended = resolve));
  // The shared format starts with the play header (onMetaData for players); a publisher sent its
  // own "@setDataFrame" header above, so that first item is dropped.
  let skipHeader = shared;
  const sub = reader.subscribe<Buffer>({
    format,
    // Start at a video keyframe, unless no video goes out (e.g. H.265 left out): then at once.
    awaitKeyframe: tracks.some((t, i) => t.kind === 'video' && publisher.plan.carried[i]),
    sink: {
      write: (chunks) => {
        if (skipHeader) {
          skipHeader = false;
          return true;
        }
        ctx.addBytes(chunks.length);
        return publisher.write(chunks);
      },
      end: (reason) => ended?.(reason),
    },
  });
  resume = () => sub.resume();

  const onAbort = (): void => publisher.close('forwarding stopped');
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const outcome = await Promise.race([
      publisher.closed.then((reason) => ({ kind: 'closed' as const, reason })),
      streamEnded.then((reason) => ({ kind: 'ended' as const, reason })),
    ]);
    if (signal.aborted) return;
    if (outcome.kind === 'ended') throw new Error(`the path's stream ended (${outcome.reason})`);
    throw new Error(`${publisher.what}: ${outcome.reason}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
    reader.stream.removeReader(sub);
    publisher.close('forwarding stopped');
  }
}

export const rtmpForwardDriver: ForwardDriver = (ctx) => forwardToRtmp(ctx);
