// Forward to rtsp:// and rtsps:// destinations with the native RTSP client (ANNOUNCE/RECORD; no
// FFmpeg, no transcoding). Serialize once: the forwarder subscribes with the RTSP server's own
// output formats (servers/rtsp/format), so the RTP packets (and, over TCP with the usual
// 0-1, 2-3… channels, the interleaved frames) are built once for local RTSP readers and every
// RTSP destination together.
import type { StreamReader } from '../core/reader';
import { RtspRecordClient } from '../clients/rtsp';
import { DEFAULT_MAX_PAYLOAD_SIZE } from '../protocols/rtp/packetizer';
import { rtpPacketsOf, rtspTcpFormat, rtspUdpFormat, type RtpUdpItem } from '../servers/rtsp/format';
import type { ForwardDriver, ForwardDriverContext } from './driver';

/** Sender reports let the destination line tracks up (RFC 3550 §6.4.1); as our server does. */
const SENDER_REPORT_MS = 5000;

export interface RtspForwardOptions {
  /** Default tcp. */
  transport?: 'tcp' | 'udp';
  /** rtsps: SHA-256 fingerprint of a self-signed destination certificate to accept. */
  fingerprint?: string;
}

/** Publishes the path to ctx.dest until the destination fails (reject) or ctx.signal aborts. */
export async function forwardToRtsp(ctx: ForwardDriverContext, opts: RtspForwardOptions = {}): Promise<void> {
  const { reader, signal } = ctx;
  const stream = reader.stream;
  // The engine's default udpMaxPayloadSize, so packets are shared with local RTSP readers.
  const maxPayload = DEFAULT_MAX_PAYLOAD_SIZE;
  const client = new RtspRecordClient({ url: ctx.dest, role: 'forward', log: ctx.log, signal, transport: opts.transport, fingerprint: opts.fingerprint });
  let sub: StreamReader<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let streamEnded: string | undefined;
  try {
    await client.start(stream.tracks);
    const end = (reason: string): void => {
      streamEnded = reason;
      void client.close();
    };
    if (client.transport === 'TCP') {
      const s = reader.subscribe<Buffer>({
        format: rtspTcpFormat(maxPayload, client.channels),
        sink: {
          write: (frames) => {
            ctx.addBytes(frames.length);
            return client.writeInterleaved(frames);
          },
          end,
        },
      });
      client.onDrain(() => s.resume());
      sub = s;
    } else {
      sub = reader.subscribe<RtpUdpItem>({
        format: rtspUdpFormat(maxPayload),
        sink: {
          // UDP has no backpressure: the kernel drops what it cannot send.
          write: (item) => {
            for (const p of item.packets) ctx.addBytes(p.length);
            client.sendRtp(item.track, item.packets);
            return true;
          },
          end,
        },
      });
    }
    const packets = rtpPacketsOf(stream, maxPayload);
    timer = setInterval(() => {
      for (const [track, channel] of client.channels.entries()) {
        const sr = client.transport === 'UDP' || channel >= 0 ? packets.senderReport(track, Date.now(), 'relaybox') : undefined;
        if (sr) client.sendRtcp(track, sr);
      }
    }, SENDER_REPORT_MS);
    timer.unref();
    await client.wait();
    if (streamEnded !== undefined && !signal.aborted) throw new Error(`the path's stream ended (${streamEnded})`);
  } catch (err) {
    // Stopping is not a failure: the manager asked for it.
    if (signal.aborted) return;
    throw err;
  } finally {
    clearInterval(timer);
    if (sub) stream.removeReader(sub);
    await client.close();
  }
}

export const rtspForwardDriver: ForwardDriver = (ctx) => forwardToRtsp(ctx);
