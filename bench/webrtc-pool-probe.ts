// The viewer-peer pool alone (servers/webrtc/peer-worker-pool.ts), without RTMP, HTTP or the
// path core: N werift viewers in this process's main thread, a synthetic 30 fps stream of
// 14 × 1200-byte packets per frame (≈ 4 Mbit/s) sent through the pool, and per thread the CPU
// and the time spent runnable but waiting for a core (/proc schedstat; Linux only). Viewers
// count frames from the clear RTP header without decrypting SRTP (as bench/webrtc-viewers.ts).
//
//   npx tsx bench/webrtc-pool-probe.ts [THREADS=2] [N=10] [range]   (range: ports 40000–40255)
import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { collectingLogger } from '../src/main/engine/log';
import { PeerWorkerPool, type ViewerPeer } from '../src/main/engine/servers/webrtc/peer-worker-pool';
import { defaultConfig } from '../src/shared/config';
const FMTP = 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f';
const threads = Number(process.argv[2] ?? 2);
const N = Number(process.argv[3] ?? 10);
const range = process.argv[4] === 'range';
const pool = new PeerWorkerPool(collectingLogger(), threads);
const viewers: { frames: number; peer?: ViewerPeer }[] = [];
async function viewer() {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], codecs: { video: [new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90000, parameters: FMTP })] } });
  pc.addTransceiver('video', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  const v: { frames: number; peer?: ViewerPeer } = { frames: 0 };
  pc.connectionStateChange.subscribe((s) => { if (s === 'connected') for (const t of pc.getTransceivers()) { const d = t.receiver.dtlsTransport as any; const f = () => { if (d.srtp) d.srtp.decrypt = (x: Buffer) => x; else setTimeout(f, 50); }; f(); } });
  pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((rtp) => { if (rtp.header.marker) v.frames++; }));
  const t0 = performance.now();
  v.peer = await pool.open({ offer: pc.localDescription!.sdp, h264Fmtp: FMTP, settings: defaultConfig(), network: { hosts: ['127.0.0.1'], ...(range ? { portRange: [40000, 40255] as [number, number] } : {}) } }, { onState: () => {}, onRtcp: () => {}, onPli: () => {}, onLost: () => {} });
  const t1 = performance.now();
  await pc.setRemoteDescription({ type: 'answer', sdp: v.peer!.answer });
  viewers.push(v);
  return t1 - t0;
}
async function main(): Promise<void> {
const times: number[] = [];
for (let i = 0; i < N; i += 5) times.push(...(await Promise.all(Array.from({ length: Math.min(5, N - i) }, viewer))));
console.log('open ms', times.map((t) => t.toFixed(0)).join(' '));
let n = 0;
setInterval(() => {
  const pk = Array.from({ length: 14 }, (_, i) => new RtpPacket(new RtpHeader({ payloadType: 96, sequenceNumber: (n * 14 + i) & 0xffff, timestamp: n * 3000, ssrc: 1, marker: i === 13 }), Buffer.alloc(1200, 0x65)).serialize());
  n++;
  for (const v of viewers) v.peer!.send('video', pk);
}, 33);
await new Promise((r) => setTimeout(r, 3000));
for (const v of viewers) v.frames = 0;
const fs = await import('node:fs');
const threadsCpu = () => Object.fromEntries(fs.readdirSync('/proc/self/task').map((t) => { const st = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8'); const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); const ss = fs.readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ').map(Number); return [`${t}:${name}`, [Number(f[11]) + Number(f[12]), ss[1] / 1e7]]; }));
const c0 = threadsCpu();
const u0 = process.cpuUsage();
await new Promise((r) => setTimeout(r, 5000));
const u = process.cpuUsage(u0);
const c1 = threadsCpu();
console.log(Object.entries(c1).map(([k, v]) => [k, (v[0] - (c0[k]?.[0] ?? 0)) / 5, (v[1] - (c0[k]?.[1] ?? 0)) / 5]).filter(([, v]) => (v as number) > 1).map(([k, v, w]) => `${k} cpu ${v}% runqueue-wait ${(w as number).toFixed(0)}%`).join(', '));
const fps = viewers.map((v) => v.frames / 5).sort((a, b) => a - b);
console.log(`threads ${threads} N ${N}: fps min ${fps[0]} p50 ${fps[Math.floor(fps.length / 2)]} ; process cpu ${((u.user + u.system) / 5e4).toFixed(0)}% ; status ${JSON.stringify(pool.status())}`);
process.exit(0);
}
void main();
