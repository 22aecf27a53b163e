// Cameras may leave the parameter sets out of the SDP (RFC 6184 §8.4 and RFC 7798 §7.2 make
// sprop-* optional) and send SPS/PPS (and VPS) in-band only. Our muxers need them up front
// (avcC, hvcC, RTMP sequence headers), so a source waits for them before it publishes. The
// completed track is rebuilt through the same SDP code that reads sprop-* (rtp/sdp-fmtp), so size
// and codec string come out exactly as if the SDP had carried them.
import type { AccessUnit, Track, VideoTrack } from '../../protocols/media/types';
import { H264NalType, h264NalType } from '../../protocols/h264/nal-units';
import { H265NalType, h265NalType } from '../../protocols/h265/nal-units';
import { fmtpForTrack, trackFromRtpmap } from '../../protocols/rtp/sdp-fmtp';

/** Whether a video track still lacks what its codec needs before the first frame. */
export function lacksParameterSets(t: Track): boolean {
  if (t.kind !== 'video') return false;
  if (t.codec === 'H264') return !t.sps || !t.pps;
  if (t.codec === 'H265') return !t.vps || !t.sps || !t.pps;
  return false;
}

/** Takes parameter sets from a unit's NAL units into `track` (in place) once all are known. */
export function learnParameterSets(track: VideoTrack, nalus: readonly Buffer[]): void {
  const found: Pick<VideoTrack, 'vps' | 'sps' | 'pps'> = { vps: track.vps, sps: track.sps, pps: track.pps };
  for (const n of nalus) {
    if (n.length === 0) continue;
    if (track.codec === 'H264') {
      const type = h264NalType(n);
      if (type === H264NalType.Sps) found.sps ??= n;
      else if (type === H264NalType.Pps) found.pps ??= n;
    } else if (track.codec === 'H265') {
      const type = h265NalType(n);
      if (type === H265NalType.Vps) found.vps ??= n;
      else if (type === H265NalType.Sps) found.sps ??= n;
      else if (type === H265NalType.Pps) found.pps ??= n;
    }
  }
  const candidate: VideoTrack = { ...track, ...found };
  if (lacksParameterSets(candidate)) return;
  const sdp = fmtpForTrack(candidate);
  const rebuilt = sdp ? trackFromRtpmap(sdp.rtpmap, sdp.fmtp) : undefined;
  Object.assign(track, rebuilt?.kind === 'video' ? rebuilt : candidate);
}

/**
 * Holds a source back until every video track has its parameter sets and a keyframe arrives to
 * start at; units before that are dropped (a reader could not decode them anyway).
 */
export class ParameterSetWait {
  constructor(private readonly tracks: readonly Track[]) {}

  get complete(): boolean {
    return !this.tracks.some(lacksParameterSets);
  }

  /** Learns from `au`; true when the stream can start with this unit. */
  accept(au: AccessUnit): boolean {
    const track = this.tracks[au.track];
    if (track?.kind !== 'video') return false;
    if (lacksParameterSets(track) && au.nalus) learnParameterSets(track, au.nalus);
    return au.key && this.complete;
  }
}
