// The SDP side of RTSP sessions: what DESCRIBE answers for a stream (RFC 2326 §C.1) and which
// tracks an ANNOUNCE body offers (RFC 2326 §10.3).
import type { Track } from '../../protocols/media/types';
import { aacHeaderLayout, fmtpForTrack, trackFromRtpmap } from '../../protocols/rtp/sdp-fmtp';
import { parseSdp, rtspSessionSdp, sdpAttribute, sdpRtpFormats, sdpRtpMedia, writeSdp, type SdpMedia } from '../../protocols/rtsp/sdp';
import { payloadTypeOf, rtspCarries } from './format';

/** a=control of track `index`; clients append it to the Content-Base for SETUP. */
export function trackControl(index: number): string {
  return `trackID=${index}`;
}

/** Index of the track a control suffix names (`trackID=1`, `streamid=1`, …), or undefined. */
export function trackIndexOfControl(control: string | undefined): number | undefined {
  const m = control === undefined ? null : /=(\d{1,5})$/.exec(control);
  return m ? Number(m[1]) : undefined;
}

/** DESCRIBE body for a stream: one m= section per track RTSP can carry, a=control trackID=N. */
export function describeSdp(tracks: readonly Track[], address: string): string {
  const media: SdpMedia[] = [];
  tracks.forEach((t, i) => {
    const codec = rtspCarries(t) ? fmtpForTrack(t) : undefined;
    if (!codec) return;
    media.push(sdpRtpMedia({ type: t.kind, payloadType: payloadTypeOf(i), rtpmap: codec.rtpmap, fmtp: codec.fmtp, control: trackControl(i) }));
  });
  return writeSdp(rtspSessionSdp({ name: 'Stream', address, media, tool: 'Relaybox' }));
}

/** One offered media section of an ANNOUNCE and what we make of it. */
export interface AnnouncedMedia {
  /** a=control as sent (matched against SETUP URLs), if any. */
  control?: string;
  /** The track, when we can carry the codec; undefined media are accepted but ignored. */
  track?: Track;
  /** Index of `track` in the stream's track list. */
  trackIndex: number;
  payloadType?: number;
  /** mpeg4-generic AU-header layout (AAC only). */
  aacLayout?: ReturnType<typeof aacHeaderLayout>;
}

/** The media of an ANNOUNCE body, in order; tracks get consecutive indices. */
export function announcedMedia(body: Buffer): { media: AnnouncedMedia[]; tracks: Track[] } {
  const sdp = parseSdp(body);
  const tracks: Track[] = [];
  const media = sdp.media.map((m): AnnouncedMedia => {
    const control = sdpAttribute(m.attributes, 'control');
    for (const f of sdpRtpFormats(m)) {
      if (!f.rtpmap) continue;
      const track = trackFromRtpmap(f.rtpmap, f.fmtp);
      if (!track) continue;
      tracks.push(track);
      return {
        control,
        track,
        trackIndex: tracks.length - 1,
        payloadType: f.payloadType,
        aacLayout: track.codec === 'AAC' ? aacHeaderLayout(f.fmtp) : undefined,
      };
    }
    return { control, trackIndex: -1 };
  });
  return { media, tracks };
}

/**
 * Which announced media a SETUP URL names: by its control suffix (FFmpeg `streamid=N`,
 * GStreamer the announced a=control), else the next one not set up yet.
 */
export function announcedMediaFor(media: readonly AnnouncedMedia[], setupUrl: string, taken: ReadonlySet<number>): number | undefined {
  const byControl = media.findIndex((m) => m.control !== undefined && m.control !== '' && m.control !== '*' && (setupUrl.endsWith(`/${m.control}`) || setupUrl === m.control));
  if (byControl >= 0) return byControl;
  for (let i = 0; i < media.length; i++) if (!taken.has(i)) return i;
  return undefined;
}
