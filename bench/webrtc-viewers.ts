// The viewer side of bench:webrtc, run as its own process so the viewers' SRTP/DTLS work is not
// counted as the server's: N werift WHEP peers of one URL. Commands arrive as JSON lines on stdin,
// results leave as JSON lines on stdout (see ViewerCommand / ViewerReply).
//
// By default a viewer does ICE, DTLS and SRTCP like any peer but does not decrypt SRTP: it counts
// frames from the RTP header, which SRTP leaves in the clear (RFC 3711 §3.1), so that on a
// 2-core machine the viewers' own AES work does not take the CPU the server is measured on.
// `--decrypt` makes them decrypt (and authenticate) every packet as a browser does.
//
//   tsx bench/webrtc-viewers.ts http://127.0.0.1:PORT/live/bench/whep [--decrypt]
import http from 'node:http';
import { createInterface } from 'node:readline';
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';

export type ViewerCommand = { add: number } | { windowStart: true } | { windowEnd: true } | { quit: true };
export type ViewerReply =
  | { added: number; total: number; failed: string[]; ttffMs: number[]; answerMs: number[] }
  | { window: { seconds: number; frames: number[]; audioPackets: number[] } };

interface Viewer {
  pc: RTCPeerConnection;
  frames: number;
  audioPackets: number;
}

const url = process.argv[2];
const decrypt = process.argv.includes('--decrypt');
if (!url) {
  console.error('usage: tsx bench/webrtc-viewers.ts WHEP_URL');
  process.exit(2);
}
const viewers: Viewer[] = [];
let windowStartedAt = 0;

function post(sdp: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('no answer in 20 s')));
    req.on('error', reject);
    req.end(sdp);
  });
}

/**
 * werift looks up `srtp.decrypt` on its DTLS transport for every packet (transport/dtls.js
 * startSrtp): replaced by the identity, the RTP header reaches the track as sent (the payload
 * stays encrypted, which counting frames by the marker bit does not need).
 */
function skipSrtpDecryption(pc: RTCPeerConnection): void {
  for (const t of pc.getTransceivers()) {
    const dtls = t.receiver.dtlsTransport as unknown as { srtp?: { decrypt(data: Buffer): Buffer } };
    if (dtls.srtp) dtls.srtp.decrypt = (data) => data;
    else setTimeout(() => skipSrtpDecryption(pc), 50);
  }
}

/** One viewer, as a browser offers: H.264 packetization-mode 1 (Baseline and High) and Opus. */
async function addViewer(): Promise<{ ttffMs: number; answerMs: number }> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: {
      video: [
        new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90000, parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f', rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }),
        new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90000, parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640032', rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }),
      ],
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
    },
  });
  const v: Viewer = { pc, frames: 0, audioPackets: 0 };
  if (!decrypt) {
    pc.connectionStateChange.subscribe((state) => { if (state === 'connected') skipSrtpDecryption(pc); });
  }
  let firstFrame: (t: number) => void = () => {};
  const gotFrame = new Promise<number>((r) => (firstFrame = r));
  pc.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      if (track.kind === 'audio') { v.audioPackets++; return; }
      // RFC 6184 §5.1: the marker bit ends an access unit.
      if (rtp.header.marker) {
        if (v.frames === 0) firstFrame(performance.now());
        v.frames++;
      }
    });
  });
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  const t0 = performance.now();
  const reply = await post(pc.localDescription!.sdp);
  const answerMs = performance.now() - t0;
  if (reply.status !== 201) {
    await pc.close();
    throw new Error(`WHEP ${reply.status}: ${reply.body.trim().slice(0, 200)}`);
  }
  await pc.setRemoteDescription({ type: 'answer', sdp: reply.body });
  viewers.push(v);
  const t = await Promise.race([gotFrame, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
  if (t === null) throw new Error('no video frame within 15 s');
  return { ttffMs: t - t0, answerMs };
}

function reply(r: ViewerReply): void {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

async function handle(cmd: ViewerCommand): Promise<void> {
  if ('add' in cmd) {
    const failed: string[] = [];
    const ttffMs: number[] = [];
    const answerMs: number[] = [];
    // A few at a time, as viewers of a shared link arrive; all at once would measure a thundering herd.
    const batch = 5;
    for (let i = 0; i < cmd.add; i += batch) {
      const results = await Promise.allSettled(Array.from({ length: Math.min(batch, cmd.add - i) }, () => addViewer()));
      for (const r of results) {
        if (r.status === 'fulfilled') { ttffMs.push(r.value.ttffMs); answerMs.push(r.value.answerMs); } else failed.push(String((r.reason as Error).message));
      }
    }
    reply({ added: cmd.add, total: viewers.length, failed, ttffMs, answerMs });
  } else if ('windowStart' in cmd) {
    for (const v of viewers) { v.frames = 0; v.audioPackets = 0; }
    windowStartedAt = performance.now();
  } else if ('windowEnd' in cmd) {
    reply({ window: { seconds: (performance.now() - windowStartedAt) / 1000, frames: viewers.map((v) => v.frames), audioPackets: viewers.map((v) => v.audioPackets) } });
  } else {
    await Promise.allSettled(viewers.map((v) => v.pc.close()));
    process.exit(0);
  }
}

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  const cmd = JSON.parse(line) as ViewerCommand;
  queue = queue.then(() => handle(cmd)).catch((err: unknown) => {
    console.error(`viewers: ${(err as Error).message}`);
  });
});
lines.on('close', () => process.exit(0));
