// RTP for WebRTC readers, built once per unit and shared by every WebRTC reader of the path
// (DESIGN §6, issue 6): one OutputFormat per carried track, payloads ≤ 1200 bytes (room for
// SRTP and TURN), SPS/PPS before every IDR (a viewer joining mid-stream has no sprop).
//
// Per peer, werift's RTCRtpSender.sendRtp parses the shared Buffer into its own packet object and
// rewrites SSRC, payload type and header extensions (mid, transport-cc) before SRTP-encrypting:
// so the payload type and SSRC written here are placeholders, and no per-peer copy is made by us.
import type { OutputFormat } from '../../core/format';
import { byteLengthOf } from '../../core/format';
import type { Stream } from '../../core/stream';
import { createPacketizer, WEBRTC_MAX_PAYLOAD_SIZE } from '../../protocols/rtp/packetizer';

/**
 * Streams seen carrying B-frames (a video unit whose pts differs from its dts). WebRTC has no
 * composition time: browsers play such streams wrongly (frames out of order), so we warn.
 */
const bFrameStreams = new WeakSet<Stream>();

export function streamHasBFrames(stream: Stream): boolean {
  return bFrameStreams.has(stream);
}

/** Placeholder payload types; werift puts the negotiated one in each peer's packets. */
const VIDEO_PT = 96;
const AUDIO_PT = 111;

/** RTP packets of one track of the stream (video: H.264; audio: Opus), or nothing for the others. */
export function createWebrtcTrackFormat(trackIndex: number, codec: 'H264' | 'Opus'): OutputFormat<Buffer[]> {
  return {
    key: `webrtc-${codec.toLowerCase()}/${WEBRTC_MAX_PAYLOAD_SIZE}/${trackIndex}`,
    createEncoder(stream: Stream) {
      const track = stream.tracks[trackIndex];
      const packetizer = createPacketizer(track, {
        payloadType: track.kind === 'video' ? VIDEO_PT : AUDIO_PT,
        maxPayloadSize: WEBRTC_MAX_PAYLOAD_SIZE,
        prependParameterSets: true,
      });
      return {
        encode(au) {
          if (au.track !== trackIndex) return null;
          if (au.pts !== au.dts && track.kind === 'video') bFrameStreams.add(stream);
          const packets = packetizer.packetize(au);
          return packets.length > 0 ? packets : null;
        },
        byteLength: byteLengthOf,
      };
    },
  };
}
