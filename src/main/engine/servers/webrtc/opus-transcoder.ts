// AAC → Opus for WebRTC readers (issue 6, DESIGN §6: FFmpeg only where a format cannot carry
// the codec). Browsers decode Opus, not AAC, over WebRTC. One FFmpeg per stream, supervised
// (pipelines/supervisor.ts), fed the stream's own AAC frames as ADTS over a loopback TCP socket
// (the supervisor keeps FFmpeg's stdin for `q` and stdout for -progress, so neither can carry
// media) and answering with Opus RTP (RFC 7587) to a loopback UDP socket. No extra protocol
// server sits in between: nothing is re-read over RTSP/RTMP and no credentials are needed.
// The RTP packets WebRTC readers get are built once here and shared, like the video's.
import dgram from 'node:dgram';
import net from 'node:net';
import type { Stream } from '../../core/stream';
import type { StreamReader } from '../../core/reader';
import type { OutputFormat } from '../../core/format';
import type { Logger } from '../../log/logger';
import { FfmpegSupervisor, type PipelineState } from '../../pipelines/supervisor';
import { buildAdtsHeader } from '../../protocols/aac/adts';
import { parseAudioSpecificConfig, type AacConfig } from '../../protocols/aac/audio-specific-config';
import type { AudioTrack } from '../../protocols/media/types';
import { parseRtpPacket } from '../../protocols/rtp/packet';
import { createPacketizer, WEBRTC_MAX_PAYLOAD_SIZE, type RtpPacketizer } from '../../protocols/rtp/packetizer';
import { RtpTimestampUnwrapper } from '../../protocols/rtp/timestamp-unwrapper';
import { AacTimeline, OPUS_CLOCK_RATE } from './aac-timeline';

/** FFmpeg stuck: past this much unread input, frames are dropped instead of buffered. */
const MAX_INPUT_BACKLOG_BYTES = 256 * 1024;
const OPUS_BITRATE = '96k';

interface AdtsFrame {
  bytes: Buffer;
  pts: number;
  samples: number;
}

/** The AAC track's frames with ADTS headers (ISO/IEC 14496-3 §1.A.2.2): FFmpeg's `aac` demuxer input. */
function adtsFormat(trackIndex: number, config: AacConfig): OutputFormat<AdtsFrame> {
  return {
    key: `webrtc-adts/${trackIndex}`,
    createEncoder() {
      return {
        encode(au) {
          // Frames too large for ADTS (> 8184 bytes) are dropped, never thrown into the publisher's write.
          if (au.track !== trackIndex || !au.payload || au.payload.length === 0 || au.payload.length > 8184) return null;
          const header = buildAdtsHeader(config, au.payload.length);
          return { bytes: Buffer.concat([header, au.payload]), pts: au.pts, samples: config.frameLength };
        },
        byteLength: (f) => f.bytes.length,
      };
    },
  };
}

/** RTCP packet types 200–204 (RFC 3550 §12.1): FFmpeg's sender reports, sent to the same port. */
function isRtcp(buf: Buffer): boolean {
  return buf.length >= 2 && buf[1] >= 200 && buf[1] <= 204;
}

export interface AacOpusTranscoderInit {
  stream: Stream;
  /** Index of the AAC track in stream.tracks. */
  trackIndex: number;
  pathName: string;
  ffmpegPath: string;
  log: Logger;
}

export interface TranscoderStatus {
  state: PipelineState;
  pid: number | null;
  reason: string | null;
  /** Opus packets produced so far. */
  packets: number;
}

/** One FFmpeg turning one stream's AAC track into Opus RTP for every WebRTC reader of it. */
export class AacOpusTranscoder {
  private readonly viewers = new Set<(packet: Buffer) => void>();
  private readonly config: AacConfig;
  private readonly timeline: AacTimeline;
  private readonly packetizer: RtpPacketizer;
  private readonly unwrapper = new RtpTimestampUnwrapper();
  private input: net.Server | null = null;
  private conn: net.Socket | null = null;
  private output: dgram.Socket | null = null;
  private supervisor: FfmpegSupervisor | null = null;
  private reader: StreamReader<AdtsFrame> | null = null;
  /** SSRC of the current FFmpeg run's output; packets of an earlier run are ignored. */
  private runSsrc: number | null = null;
  private awaitingRun = false;
  /** Unwrapped RTP timestamp of the current run's first packet. */
  private runStart = 0;
  private lastPts = -Infinity;
  private packets = 0;
  private closed = false;

  constructor(private readonly init: AacOpusTranscoderInit) {
    const track = init.stream.tracks[init.trackIndex] as AudioTrack;
    if (!track.config) throw new Error('the AAC track has no AudioSpecificConfig');
    this.config = parseAudioSpecificConfig(track.config);
    // ADTS signals object types 1–4, standard rates and channel configurations 0–7 only: refuse
    // here (video-only for this path, reason logged) rather than fail per frame later.
    buildAdtsHeader(this.config, 0);
    this.timeline = new AacTimeline(this.config.sampleRate, track.clockRate);
    this.packetizer = createPacketizer(
      { kind: 'audio', codec: 'Opus', clockRate: OPUS_CLOCK_RATE, channels: 2 },
      // werift writes each peer's negotiated payload type and SSRC; these are placeholders.
      { payloadType: 111, maxPayloadSize: WEBRTC_MAX_PAYLOAD_SIZE },
    );
  }

  status(): TranscoderStatus {
    const s = this.supervisor?.snapshot();
    return { state: s?.state ?? 'starting', pid: s?.pid ?? null, reason: s?.reason ?? null, packets: this.packets };
  }

  /** `send` gets every Opus RTP packet (shared Buffer; do not modify) until the returned function is called. */
  attach(send: (packet: Buffer) => void): () => void {
    this.viewers.add(send);
    return () => { this.viewers.delete(send); };
  }

  /** Opens the sockets, starts FFmpeg and starts reading the stream. */
  async start(): Promise<void> {
    const { log } = this.init;
    this.output = dgram.createSocket('udp4');
    this.output.on('message', (buf, rinfo) => this.onOutput(buf, rinfo.address));
    this.output.on('error', (err) => log.warn(`Opus output socket: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      this.output!.once('error', reject);
      this.output!.bind(0, '127.0.0.1', () => { this.output!.off('error', reject); resolve(); });
    });
    this.input = net.createServer((sock) => this.onInputConnection(sock));
    await new Promise<void>((resolve, reject) => {
      this.input!.once('error', reject);
      this.input!.listen(0, '127.0.0.1', () => { this.input!.off('error', reject); resolve(); });
    });
    if (this.closed) { this.closeSockets(); return; }
    const inPort = (this.input.address() as net.AddressInfo).port;
    const outPort = this.output.address().port;
    const head = ['-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '32', '-analyzeduration', '0',
      '-f', 'aac', '-i', `tcp://127.0.0.1:${inPort}`, '-vn', '-ar', String(OPUS_CLOCK_RATE), '-ac', '2'];
    // RFC 7587 §4.2 / RFC 3551: 20 ms frames; RTCP to the same port (we drop it).
    const tail = ['-frame_duration', '20', '-b:a', OPUS_BITRATE, '-f', 'rtp', '-payload_type', '111',
      `rtp://127.0.0.1:${outPort}?rtcpport=${outPort}&pkt_size=${WEBRTC_MAX_PAYLOAD_SIZE}`];
    this.supervisor = new FfmpegSupervisor({
      name: `opus-${this.init.pathName}`,
      ffmpegPath: this.init.ffmpegPath,
      args: [...head, '-c:a', 'libopus', '-application', 'audio', ...tail],
      // FFmpeg without libopus: its own (experimental) Opus encoder.
      fallbackArgs: [[...head, '-c:a', 'opus', '-strict', '-2', ...tail.filter((a, i, all) => a !== '-frame_duration' && all[i - 1] !== '-frame_duration')]],
      log,
      // Once the last reader leaves FFmpeg is not needed; a lost run should come back quickly.
      backoff: { initialMs: 500, maxMs: 10_000 },
    });
    this.supervisor.start();
    try {
      this.reader = this.init.stream.addReader({
        format: adtsFormat(this.init.trackIndex, this.config),
        sink: { write: (frame) => this.feed(frame), end: () => { void this.close(); } },
        awaitKeyframe: false,
      });
    } catch (err) {
      // The stream ended meanwhile.
      log.debug(`cannot read the stream: ${(err as Error).message}`);
      await this.close();
    }
  }

  private onInputConnection(sock: net.Socket): void {
    sock.setNoDelay(true);
    sock.on('error', () => sock.destroy());
    // Only the FFmpeg we started connects here; a newer connection is its restarted run.
    if (this.conn) this.conn.destroy();
    this.conn = sock;
    this.timeline.reset();
    this.runSsrc = null;
    this.awaitingRun = true;
    sock.on('data', () => { /* FFmpeg sends nothing */ });
    sock.on('close', () => { if (this.conn === sock) this.conn = null; });
  }

  private feed(frame: AdtsFrame): boolean {
    const conn = this.conn;
    if (!conn || conn.destroyed) return true;
    if (conn.writableLength > MAX_INPUT_BACKLOG_BYTES) return true;
    conn.write(frame.bytes);
    this.timeline.wrote(frame.pts, frame.samples);
    // Always accept: the socket buffers, and a stuck FFmpeg only loses its own input.
    return true;
  }

  private onOutput(buf: Buffer, from: string): void {
    if (from !== '127.0.0.1' || isRtcp(buf)) return;
    let rtp;
    try { rtp = parseRtpPacket(buf); } catch { return; }
    if (this.runSsrc === null) {
      if (!this.awaitingRun) return;
      this.runSsrc = rtp.ssrc;
      this.awaitingRun = false;
      this.unwrapper.restart();
      this.runStart = this.unwrapper.unwrap(rtp.timestamp);
    } else if (rtp.ssrc !== this.runSsrc) {
      return;
    }
    const outSample = this.unwrapper.unwrap(rtp.timestamp) - this.runStart;
    const pts = this.timeline.ptsOf(outSample);
    // Never backwards (a restarted run may begin before the last packet sent).
    if (pts === null || pts <= this.lastPts || rtp.payload.length === 0) return;
    this.lastPts = pts;
    this.packets++;
    const packets = this.packetizer.packetize({ track: 0, pts, dts: pts, key: true, payload: rtp.payload });
    for (const send of this.viewers) for (const p of packets) send(p);
  }

  private closeSockets(): void {
    this.conn?.destroy();
    this.conn = null;
    this.input?.close();
    this.input = null;
    const out = this.output;
    this.output = null;
    try { out?.close(); } catch { /* already closed */ }
  }

  /** Stops reading, ends FFmpeg's input (it flushes and exits) and waits for the process to go. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.viewers.clear();
    if (this.reader) this.init.stream.removeReader(this.reader as StreamReader<unknown>);
    this.reader = null;
    // EOF on its input makes FFmpeg finish at once; `q` alone waits for the next input read.
    this.conn?.end();
    await this.supervisor?.stop();
    this.closeSockets();
  }
}
