// A publisher's RTMP audio/video messages → tracks and access units for the stream core.
// Tracks are known once the sequence headers that onMetaData announces have arrived (or, without
// metadata, once both kinds were seen or a short probe window passed); units that arrive before
// that are held (bounded) and replayed, so the first GOP is not lost.
import type { AmfObject } from '../../protocols/rtmp/amf-value';
import { parseFlvAudioTag } from '../../protocols/flv/audio-tag';
import { parseFlvVideoTag } from '../../protocols/flv/video-tag';
import { accessUnitFromFlvAudio, accessUnitFromFlvVideo } from '../../protocols/flv/access-unit';
import { audioTrackFromMp3Packet, audioTrackFromSequenceStart, videoTrackFromSequenceStart } from '../../protocols/flv/sequence-header';
import type { AccessUnit, AudioTrack, Track, VideoTrack } from '../../protocols/media/types';
import { RtmpMessageType, type RtmpMessage } from '../../protocols/rtmp/message';

/** Without metadata, how long (stream time) to wait for the other kind of track. */
const PROBE_MS = 1000;
const MAX_HELD = 600;

export interface IngestSink {
  /** Called once when the track list is known. */
  tracks(tracks: Track[]): void;
  unit(au: AccessUnit): void;
  /** Something the publisher sent that we cannot use (logged once per kind by the caller). */
  warn(message: string): void;
}

interface Held { kind: 'video' | 'audio'; msg: RtmpMessage; ts: number }

export class RtmpIngest {
  private expectVideo: boolean | undefined;
  private expectAudio: boolean | undefined;
  private video?: { track: VideoTrack; nalLengthSize: number };
  private audio?: AudioTrack;
  private started = false;
  private held: Held[] = [];
  private firstTs: number | undefined;
  // 32-bit millisecond timestamps unwrapped into one timeline (RTMP 1.0 §5.3.1.2).
  private lastRaw = 0;
  private wraps = 0;

  constructor(private readonly sink: IngestSink) {}

  metadata(meta: AmfObject): void {
    if (this.started) return;
    const v = meta.videocodecid;
    const a = meta.audiocodecid;
    // Encoders write 0/'' for "none"; absent means unknown.
    if (v !== undefined) this.expectVideo = v !== 0 && v !== '' && v !== null;
    if (a !== undefined) this.expectAudio = a !== 0 && a !== '' && a !== null;
  }

  /** Feed one audio (8) or video (9) message. Throws typed protocol errors on garbage. */
  message(msg: RtmpMessage): void {
    const ts = this.unwrap(msg.timestamp);
    const kind = msg.typeId === RtmpMessageType.Video ? 'video' : 'audio';
    if (msg.payload.length === 0) return;
    if (kind === 'video') {
      const p = parseFlvVideoTag(msg.payload);
      if (p.kind === 'sequenceStart') {
        if (this.started && this.video) return; // resent headers: same stream, nothing to do
        this.video = videoTrackFromSequenceStart(p);
      } else if (p.kind === 'codedFrames') {
        if (!this.video) return; // frames before any header cannot be decoded
        if (this.started) this.emitVideo(p, ts);
        else this.hold({ kind, msg, ts });
      }
    } else {
      const p = parseFlvAudioTag(msg.payload);
      if (p.kind === 'sequenceStart') {
        if (this.started && this.audio) return;
        this.audio = audioTrackFromSequenceStart(p);
      } else if (p.kind === 'codedFrames') {
        if (!this.audio && p.codec === 'MP3') {
          this.audio = audioTrackFromMp3Packet(p);
        }
        if (!this.audio) return;
        if (this.started) this.emitAudio(p, ts);
        else this.hold({ kind, msg, ts });
      }
    }
    this.maybeStart(ts);
  }

  private hold(h: Held): void {
    this.firstTs ??= h.ts;
    if (this.held.length >= MAX_HELD) this.held.shift();
    this.held.push(h);
  }

  private maybeStart(ts: number): void {
    if (this.started) return;
    const haveV = !!this.video;
    const haveA = !!this.audio;
    if (!haveV && !haveA) return;
    const needV = this.expectVideo;
    const needA = this.expectAudio;
    const known = needV !== undefined || needA !== undefined;
    let ready: boolean;
    if (known) ready = (!needV || haveV) && (!needA || haveA);
    else ready = (haveV && haveA) || (this.firstTs !== undefined && ts - this.firstTs >= PROBE_MS);
    // Metadata promised a track that never came: do not wait forever.
    if (!ready && this.firstTs !== undefined && ts - this.firstTs >= PROBE_MS * 3) ready = true;
    if (!ready) return;
    this.started = true;
    const tracks: Track[] = [];
    // Video first: readers and muxers expect it as track 0.
    if (this.video) tracks.push(this.video.track);
    if (this.audio) tracks.push(this.audio);
    this.sink.tracks(tracks);
    const held = this.held;
    this.held = [];
    for (const h of held) {
      if (h.kind === 'video') this.emitVideo(parseFlvVideoTag(h.msg.payload), h.ts);
      else this.emitAudio(parseFlvAudioTag(h.msg.payload), h.ts);
    }
  }

  private emitVideo(p: ReturnType<typeof parseFlvVideoTag>, ts: number): void {
    if (p.kind !== 'codedFrames' || !this.video) return;
    const au = accessUnitFromFlvVideo(p, ts, 0, this.video.nalLengthSize);
    if ((au.nalus && au.nalus.length === 0) || (!au.nalus && !au.payload?.length)) return;
    this.sink.unit(au);
  }

  private emitAudio(p: ReturnType<typeof parseFlvAudioTag>, ts: number): void {
    if (p.kind !== 'codedFrames' || !this.audio) return;
    this.sink.unit(accessUnitFromFlvAudio(p, ts, this.audio, this.video ? 1 : 0));
  }

  private unwrap(raw: number): number {
    // A jump back by more than half the range is a wrap, not a reorder.
    if (raw < this.lastRaw && this.lastRaw - raw > 0x80000000) this.wraps++;
    this.lastRaw = raw;
    return this.wraps * 0x100000000 + raw;
  }
}
