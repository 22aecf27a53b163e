// The codec halves of SDP media descriptions: a=rtpmap encoding names and a=fmtp parameters for
// H.264 (RFC 6184 §8.1), H.265 (RFC 7798 §7.1), AAC as mpeg4-generic (RFC 3640 §4.1) and Opus
// (RFC 7587 §6.1). The RTSP SDP code adds the payload type and the "a=rtpmap:PT " prefixes.
import { aacCodecString, parseAudioSpecificConfig } from '../aac/audio-specific-config';
import { h264CodecString } from '../h264/codec-string';
import { parseH264Sps } from '../h264/sps';
import { h265CodecString } from '../h265/codec-string';
import { parseH265Sps } from '../h265/sps';
import type { AudioTrack, Track, VideoTrack } from '../media/types';

export interface RtpCodecDescription {
  /** After "a=rtpmap:PT ": "H264/90000", "MPEG4-GENERIC/48000/2", "opus/48000/2". */
  rtpmap: string;
  /** After "a=fmtp:PT ", if the codec has parameters. */
  fmtp?: string;
}

/** Parses "a; b=c; d=e" (separators ';' with optional spaces); keys lower-cased. */
export function parseFmtpParameters(fmtp: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!fmtp) return out;
  for (const part of fmtp.split(';')) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq < 0) out.set(item.toLowerCase(), '');
    else out.set(item.slice(0, eq).trim().toLowerCase(), item.slice(eq + 1).trim());
  }
  return out;
}

const b64 = (b: Buffer) => b.toString('base64');

export function fmtpForTrack(track: Track): RtpCodecDescription | undefined {
  if (track.kind === 'video') {
    switch (track.codec) {
      case 'H264': {
        // §8.1: profile-level-id is the SPS's profile_idc, constraint flags and level_idc in hex.
        const params = ['packetization-mode=1'];
        if (track.sps && track.pps) params.push(`sprop-parameter-sets=${b64(track.sps)},${b64(track.pps)}`);
        if (track.sps && track.sps.length >= 4) params.push(`profile-level-id=${track.sps.subarray(1, 4).toString('hex').toUpperCase()}`);
        return { rtpmap: 'H264/90000', fmtp: params.join('; ') };
      }
      case 'H265': {
        const params: string[] = [];
        if (track.vps) params.push(`sprop-vps=${b64(track.vps)}`);
        if (track.sps) params.push(`sprop-sps=${b64(track.sps)}`);
        if (track.pps) params.push(`sprop-pps=${b64(track.pps)}`);
        return params.length ? { rtpmap: 'H265/90000', fmtp: params.join('; ') } : { rtpmap: 'H265/90000' };
      }
      default:
        return undefined;
    }
  }
  switch (track.codec) {
    case 'AAC': {
      if (!track.config) return undefined;
      // §4.1 / §3.3.6 AAC-hbr; the RTP clock is the sampling rate of the stream.
      return {
        rtpmap: `MPEG4-GENERIC/${track.clockRate}/${track.channels}`,
        fmtp: `streamtype=5; profile-level-id=1; mode=AAC-hbr; sizelength=13; indexlength=3; indexdeltalength=3; config=${track.config.toString('hex')}`,
      };
    }
    case 'Opus':
      // RFC 7587 §7: always 48000/2; sprop-stereo says what the sender actually sends.
      return { rtpmap: 'opus/48000/2', fmtp: `sprop-stereo=${track.channels >= 2 ? 1 : 0}` };
    default:
      return undefined;
  }
}

/**
 * The track an SDP media description announces, or undefined for codecs we do not carry (and
 * for H.264 packetization-mode 2, which we do not depacketize). Parameter sets that do not parse
 * are kept as given, without size or codec string.
 */
export function trackFromRtpmap(rtpmap: string, fmtp?: string): Track | undefined {
  const [name = '', rateText = '', channelsText] = rtpmap.trim().split('/');
  const encoding = name.toUpperCase();
  const clockRate = Number(rateText);
  const params = parseFmtpParameters(fmtp);
  switch (encoding) {
    case 'H264': {
      const mode = params.get('packetization-mode');
      if (mode !== undefined && mode !== '0' && mode !== '1') return undefined;
      const track: VideoTrack = { kind: 'video', codec: 'H264', clockRate: 90000 };
      const sets = (params.get('sprop-parameter-sets') ?? '').split(',').filter(Boolean).map((s) => Buffer.from(s, 'base64'));
      for (const nal of sets) {
        const t = nal.length > 0 ? nal[0] & 0x1f : 0;
        if (t === 7 && !track.sps) track.sps = nal;
        if (t === 8 && !track.pps) track.pps = nal;
      }
      if (track.sps) {
        try {
          const info = parseH264Sps(track.sps);
          track.width = info.width;
          track.height = info.height;
          track.codecString = h264CodecString(track.sps);
        } catch {
          // Keep the track; the stream's in-band SPS may still be usable.
        }
      }
      return track;
    }
    case 'H265': {
      const track: VideoTrack = { kind: 'video', codec: 'H265', clockRate: 90000 };
      const vps = params.get('sprop-vps');
      const sps = params.get('sprop-sps');
      const pps = params.get('sprop-pps');
      // Each sprop may list several units separated by commas; the first one is the active one.
      if (vps) track.vps = Buffer.from(vps.split(',')[0], 'base64');
      if (sps) track.sps = Buffer.from(sps.split(',')[0], 'base64');
      if (pps) track.pps = Buffer.from(pps.split(',')[0], 'base64');
      if (track.sps) {
        try {
          const info = parseH265Sps(track.sps);
          track.width = info.width;
          track.height = info.height;
          track.codecString = h265CodecString(info.profileTierLevel);
        } catch {
          // As for H.264.
        }
      }
      return track;
    }
    case 'MPEG4-GENERIC': {
      const mode = (params.get('mode') ?? '').toLowerCase();
      const config = params.get('config');
      if (mode !== 'aac-hbr' && mode !== 'aac-lbr') return undefined;
      if (!config || !/^[0-9a-f]+$/i.test(config) || config.length % 2) return undefined;
      const asc = Buffer.from(config, 'hex');
      try {
        const info = parseAudioSpecificConfig(asc);
        const track: AudioTrack = {
          kind: 'audio',
          codec: 'AAC',
          clockRate: clockRate > 0 ? clockRate : info.sampleRate,
          channels: info.channels || Number(channelsText) || 1,
          config: asc,
          codecString: aacCodecString(info),
        };
        return track;
      } catch {
        return undefined;
      }
    }
    case 'OPUS': {
      const stereo = params.get('sprop-stereo');
      return { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: stereo === '0' ? 1 : 2, codecString: 'opus' };
    }
    default:
      return undefined;
  }
}

/** AU-header field widths of an mpeg4-generic stream (for AacDepacketizer options). */
export function aacHeaderLayout(fmtp: string | undefined): { sizeLength: number; indexLength: number; indexDeltaLength: number } {
  const p = parseFmtpParameters(fmtp);
  const num = (k: string, d: number) => {
    const v = Number(p.get(k));
    return Number.isInteger(v) && v >= 0 && v <= 32 ? v : d;
  };
  return { sizeLength: num('sizelength', 13), indexLength: num('indexlength', 3), indexDeltaLength: num('indexdeltalength', 3) };
}
