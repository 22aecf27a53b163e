// WHEP clients for the WebRTC tests: a werift peer in the test process (receives and counts RTP)
// and a plain HTTP helper. Every client is closed by its test.
import http from 'node:http';
import { PictureLossIndication, RTCPeerConnection, RTCRtpCodecParameters, RtcpPayloadSpecificFeedback, type RtpPacket } from 'werift';

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    // A connection per request: Node's keep-alive client reports "socket hang up" when it reuses
    // a socket after a HEAD request with a body (a client quirk, not a server fault).
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${url}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface WheperiftClient {
  /** The answer's status etc.; the peer only starts when it is 201. */
  reply: HttpReply;
  /** H.264 RTP packets received, and frames (packets with the marker bit, RFC 6184 §5.1). */
  packets: number;
  frames: number;
  /** Frames that began with an IDR or SPS (NAL types 5/7, or an FU-A/STAP-A carrying them). */
  keyframes: number;
  /** Largest forward step between consecutive video packets, in RTP ticks. */
  maxTsJump: number;
  /** NAL type of the first NAL unit of the first packet received. */
  firstNalTypes: number[];
  payloadTypes: Set<number>;
  /** RTP packets received on the audio track (Opus). */
  audioPackets: number;
  /** The first 500 audio RTP packets (payload and timestamp), for codec checks. */
  audio: { payload: Buffer; timestamp: number; sequenceNumber: number }[];
  /** Sends a PLI for the video track (RFC 4585 §6.3.1), as a decoder that lost a picture does. */
  sendPli(): Promise<void>;
  /** Leaves as a WHEP client should: DELETE the session URL, then close the peer. */
  close(): Promise<void>;
  /** Leaves abruptly: the peer closes, the server is not told. */
  abort(): Promise<void>;
}

function nalTypesOf(payload: Buffer): number[] {
  const t = payload[0] & 0x1f;
  if (t === 28) return [payload[1] & 0x1f]; // FU-A: the fragmented unit's type
  if (t === 24) {
    const out: number[] = [];
    for (let i = 1; i + 2 < payload.length;) {
      const size = payload.readUInt16BE(i);
      out.push(payload[i + 2] & 0x1f);
      i += 2 + size;
    }
    return out;
  }
  return [t];
}

/** A werift viewer: offers H.264 in modes 0 and 1 in several profiles, as Chromium does. */
export async function wheperiftClient(url: string, headers: Record<string, string> = {}): Promise<WheperiftClient> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: {
      video: [
        new RTCRtpCodecParameters({ payloadType: 102, mimeType: 'video/H264', clockRate: 90000, parameters: 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f', rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }),
        new RTCRtpCodecParameters({ payloadType: 104, mimeType: 'video/H264', clockRate: 90000, parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f', rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }),
        new RTCRtpCodecParameters({ payloadType: 106, mimeType: 'video/H264', clockRate: 90000, parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f', rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }),
        new RTCRtpCodecParameters({ payloadType: 108, mimeType: 'video/H264', clockRate: 90000, parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640032', rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }),
      ],
      audio: [new RTCRtpCodecParameters({ payloadType: 111, mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
    },
  });
  const client: WheperiftClient = {
    reply: { status: 0, headers: {}, body: '' },
    packets: 0, frames: 0, keyframes: 0, firstNalTypes: [], payloadTypes: new Set(), audioPackets: 0, audio: [], maxTsJump: 0,
    close: async () => {
      if (client.reply.status === 201) await httpRequest(new URL(String(client.reply.headers.location), url).href, { method: 'DELETE' });
      await pc.close();
    },
    abort: async () => { await pc.close(); },
    sendPli: async () => {
      const t = pc.getTransceivers().find((x) => x.kind === 'video');
      // Straight to the transport: werift's receiver.sendRtcpPLI sent nothing from this client
      // (its pliEnabled check refused); the packet is the one a browser sends.
      if (t && videoSsrc !== undefined) {
        await t.receiver.dtlsTransport.sendRtcp([new RtcpPayloadSpecificFeedback({ feedback: new PictureLossIndication({ senderSsrc: 1, mediaSsrc: videoSsrc }) })]);
      }
    },
  };
  let frameStart = true;
  let videoSsrc: number | undefined;
  let lastTs: number | undefined;
  pc.onTrack.subscribe((track) => {
    if (track.kind === 'audio') {
      track.onReceiveRtp.subscribe((rtp: RtpPacket) => {
        client.audioPackets++;
        if (client.audio.length < 500) client.audio.push({ payload: rtp.payload, timestamp: rtp.header.timestamp, sequenceNumber: rtp.header.sequenceNumber });
      });
      return;
    }
    if (track.kind !== 'video') return;
    track.onReceiveRtp.subscribe((rtp: RtpPacket) => {
      const types = nalTypesOf(rtp.payload);
      if (client.packets === 0) client.firstNalTypes = types;
      videoSsrc = rtp.header.ssrc;
      if (lastTs !== undefined) client.maxTsJump = Math.max(client.maxTsJump, (rtp.header.timestamp - lastTs) | 0);
      lastTs = rtp.header.timestamp;
      client.packets++;
      client.payloadTypes.add(rtp.header.payloadType);
      if (frameStart && types.some((t) => t === 5 || t === 7)) client.keyframes++;
      frameStart = rtp.header.marker;
      if (rtp.header.marker) client.frames++;
    });
  });
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.iceGatheringStateChange.subscribe((s) => { if (s === 'complete') resolve(); });
  });
  client.reply = await httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: pc.localDescription!.sdp });
  if (client.reply.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: client.reply.body });
  return client;
}
