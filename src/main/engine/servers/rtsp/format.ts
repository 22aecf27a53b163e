// RTSP play output: RTP packets built once per access unit and shared by every RTSP reader.
//
// Packetization state (SSRC, sequence numbers, RTP clock offset) lives per stream and per
// payload size in RtpStreamPackets, not per format group: TCP readers with different channel
// layouts and UDP readers all carry the same packets, so RTP-Info and sender reports agree
// whatever transport a client chose. Each unit is packetized at most once (memoized by the unit
// object, which the GOP cache keeps alive as long as a format may still ask for it).
//
// TCP: the format key includes the channel layout (channel per track). Clients almost always
// ask for 0-1, 2-3… (FFmpeg, GStreamer, VLC), so in practice every TCP reader shares one
// Buffer per unit holding all its interleaved frames: one socket.write per unit and no
// per-reader header copies. A client with an unusual layout gets its own group (one extra copy
// of the packets), which stays correct without complicating the hot path.
// UDP: the item is the packet list; the session sends each packet with dgram to its client.
import type { FormatEncoder, OutputFormat, Stream } from '../../core';
import type { AccessUnit, Track } from '../../protocols/media/types';
import { createPacketizer, type RtpPacketizer } from '../../protocols/rtp/packetizer';
import { buildSdesCname, buildSenderReport, ntpFromDate } from '../../protocols/rtp/rtcp';
import { fmtpForTrack } from '../../protocols/rtp/sdp-fmtp';
import { INTERLEAVED_HEADER_SIZE, writeInterleavedHeader } from '../../protocols/rtsp/interleaved-frame';

/** Dynamic payload types (RFC 3551 §6), as MediaMTX: one per track, from 96. */
export function payloadTypeOf(trackIndex: number): number {
  return 96 + trackIndex;
}

/** Whether an RTSP reader can receive this track (we have a packetizer and an SDP for it). */
export function rtspCarries(track: Track): boolean {
  const codecs = track.kind === 'video' ? ['H264', 'H265'] : ['AAC', 'Opus'];
  return codecs.includes(track.codec) && fmtpForTrack(track) !== undefined;
}

/** The packets of one stream at one payload size, shared by every RTSP format of that stream. */
export class RtpStreamPackets {
  readonly packetizers: (RtpPacketizer | null)[];
  private readonly built = new WeakMap<AccessUnit, Buffer[]>();
  /** Wall clock (Unix ms) and stream time (s) of the first unit packetized: the SRs' common anchor. */
  private anchor: { wallMs: number; seconds: number } | undefined;
  // Per track, for sender reports: totals.
  private readonly packetCount: number[];
  private readonly octetCount: number[];

  constructor(tracks: readonly Track[], maxPayloadSize: number) {
    this.packetizers = tracks.map((t, i) => (rtspCarries(t) ? createPacketizer(t, { payloadType: payloadTypeOf(i), maxPayloadSize }) : null));
    this.packetCount = tracks.map(() => 0);
    this.octetCount = tracks.map(() => 0);
  }

  /** Seconds of stream time a track's RTP timestamp stands for (signed: may precede 0). */
  streamSeconds(track: number, rtpTimestamp: number): number | undefined {
    const p = this.packetizers[track];
    return p ? ((rtpTimestamp - p.rtpTimestamp(0)) | 0) / p.clockRate : undefined;
  }

  /** The track's RTP timestamp at `seconds` of stream time. */
  rtpTimestampAt(track: number, seconds: number): number | undefined {
    const p = this.packetizers[track];
    return p ? p.rtpTimestamp(Math.round(seconds * p.clockRate)) : undefined;
  }

  /**
   * RTCP SR + SDES for one track (RFC 3550 §6.4.1, §6.5). Every track maps stream time to NTP
   * through the same anchor (wall clock at the stream's first packet), so a player that syncs
   * tracks by their SRs (FFmpeg does) sees them exactly as aligned as the stream is; a per-track
   * "last packet sent" mapping made FFmpeg shift one track back by a few ms under load.
   */
  senderReport(track: number, _nowMs: number, cname: string): Buffer | undefined {
    const p = this.packetizers[track];
    const anchor = this.anchor;
    if (!p || p.lastTimestamp === undefined || !anchor) return undefined;
    const seconds = this.streamSeconds(track, p.lastTimestamp)!;
    const sr = buildSenderReport({
      ssrc: p.ssrc,
      ntp: ntpFromDate(anchor.wallMs + (seconds - anchor.seconds) * 1000),
      rtpTimestamp: p.lastTimestamp >>> 0,
      packetCount: this.packetCount[track] >>> 0,
      octetCount: this.octetCount[track] >>> 0,
    });
    return Buffer.concat([sr, buildSdesCname(p.ssrc, cname)]);
  }

  /** The unit's RTP packets ([] for tracks RTSP does not carry). */
  packetsFor(au: AccessUnit): Buffer[] {
    let packets = this.built.get(au);
    if (packets === undefined) {
      const p = this.packetizers[au.track];
      packets = p ? p.packetize(au) : [];
      this.built.set(au, packets);
      if (packets.length > 0) {
        this.anchor ??= { wallMs: Date.now(), seconds: au.pts / (this.packetizers[au.track]?.clockRate ?? 90000) };
        this.packetCount[au.track] += packets.length;
        for (const pk of packets) this.octetCount[au.track] += pk.length - 12;
      }
    }
    return packets;
  }
}

const streamPackets = new WeakMap<Stream, Map<number, RtpStreamPackets>>();

export function rtpPacketsOf(stream: Stream, maxPayloadSize: number): RtpStreamPackets {
  let bySize = streamPackets.get(stream);
  if (!bySize) {
    bySize = new Map();
    streamPackets.set(stream, bySize);
  }
  let packets = bySize.get(maxPayloadSize);
  if (!packets) {
    packets = new RtpStreamPackets(stream.tracks, maxPayloadSize);
    bySize.set(maxPayloadSize, packets);
  }
  return packets;
}

/** Interleaved channel of each track's RTP (RTCP is channel + 1); -1 for tracks not set up. */
export type ChannelLayout = readonly number[];

/**
 * All of a unit's packets as interleaved frames (RFC 2326 §10.12) in one Buffer. Not memoized:
 * the core shares encoders by key, and a client choosing odd channels must not grow a cache.
 */
export function rtspTcpFormat(maxPayloadSize: number, channels: ChannelLayout): OutputFormat<Buffer> {
  const layout = [...channels];
  return {
    key: `rtsp-tcp/${maxPayloadSize}/${layout.join(',')}`,
    createEncoder: (stream): FormatEncoder<Buffer> => {
      const packets = rtpPacketsOf(stream, maxPayloadSize);
      return {
        encode: (au) => {
          const channel = layout[au.track] ?? -1;
          if (channel < 0) return null;
          const list = packets.packetsFor(au);
          if (list.length === 0) return null;
          let size = 0;
          for (const p of list) size += INTERLEAVED_HEADER_SIZE + p.length;
          const out = Buffer.allocUnsafe(size);
          let pos = 0;
          for (const p of list) {
            writeInterleavedHeader(out, pos, channel, p.length);
            p.copy(out, pos + INTERLEAVED_HEADER_SIZE);
            pos += INTERLEAVED_HEADER_SIZE + p.length;
          }
          return out;
        },
        byteLength: (b) => b.length,
      };
    },
  };
}

/** One unit's packets for UDP readers (each sent as its own datagram). */
export interface RtpUdpItem {
  track: number;
  packets: Buffer[];
}

const udpFormats = new Map<number, OutputFormat<RtpUdpItem>>();

export function rtspUdpFormat(maxPayloadSize: number): OutputFormat<RtpUdpItem> {
  let f = udpFormats.get(maxPayloadSize);
  if (!f) {
    f = {
      key: `rtsp-udp/${maxPayloadSize}`,
      createEncoder: (stream): FormatEncoder<RtpUdpItem> => {
        const packets = rtpPacketsOf(stream, maxPayloadSize);
        return {
          encode: (au) => {
            const list = packets.packetsFor(au);
            return list.length === 0 ? null : { track: au.track, packets: list };
          },
          byteLength: (item) => {
            let n = 0;
            for (const p of item.packets) n += p.length;
            return n;
          },
        };
      },
    };
    udpFormats.set(maxPayloadSize, f);
  }
  return f;
}

/** Sequence number and RTP timestamp of an RTP packet (for RTP-Info). */
export function rtpSeqAndTime(packet: Buffer, offset = 0): { seq: number; rtptime: number } {
  return { seq: packet.readUInt16BE(offset + 2), rtptime: packet.readUInt32BE(offset + 4) };
}
