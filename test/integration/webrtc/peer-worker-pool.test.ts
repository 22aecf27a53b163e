// peer-worker-pool.ts with real worker threads and werift viewers: peers spread over the threads,
// RTP reaches every viewer, and a thread that dies closes its viewers with the reason logged while
// the next viewer gets a new thread.
import { afterEach, describe, expect, it } from 'vitest';
import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { collectingLogger } from '../../../src/main/engine/log';
import { PeerWorkerPool, type ViewerPeer } from '../../../src/main/engine/servers/webrtc/peer-worker-pool';
import { defaultConfig } from '../../../src/shared/config';
import { waitFor } from '../../helpers/ffmpeg';

const FMTP = 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f';

interface Viewer {
  pc: RTCPeerConnection;
  peer: ViewerPeer;
  frames: number;
  lost: string | null;
  state: string;
}

async function viewer(pool: PeerWorkerPool): Promise<Viewer> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: { video: [new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90000, parameters: FMTP, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] })] },
  });
  pc.addTransceiver('video', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  const v = { pc, frames: 0, lost: null, state: 'new' } as Omit<Viewer, 'peer'> as Viewer;
  pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((rtp) => { if (rtp.header.marker) v.frames++; }));
  v.peer = await pool.open(
    { offer: pc.localDescription!.sdp, h264Fmtp: FMTP, settings: defaultConfig(), network: { hosts: ['127.0.0.1'] } },
    { onState: (s) => { v.state = s; }, onRtcp: () => {}, onPli: () => {}, onLost: (why) => { v.lost = why; } },
  );
  await pc.setRemoteDescription({ type: 'answer', sdp: v.peer.answer });
  return v;
}

/** One 3-packet "frame" (IDR NAL type bytes; content does not matter to werift). */
function frame(n: number): Buffer[] {
  return [0, 1, 2].map((i) => new RtpPacket(new RtpHeader({ payloadType: 96, sequenceNumber: (n * 3 + i) & 0xffff, timestamp: n * 3000, ssrc: 1, marker: i === 2 }), Buffer.alloc(1000, 0x65)).serialize());
}

describe('PeerWorkerPool', () => {
  let pool: PeerWorkerPool | null = null;
  const viewers: Viewer[] = [];
  let timer: NodeJS.Timeout | null = null;
  afterEach(async () => {
    if (timer) clearInterval(timer);
    for (const v of viewers.splice(0)) await v.pc.close();
    await pool?.close();
  });

  it('spreads viewers over two worker threads, sends them RTP, and replaces a thread that dies', async () => {
    const log = collectingLogger();
    pool = new PeerWorkerPool(log, 2);
    // Before the workers have loaded werift a viewer is served by the main thread.
    const early = await viewer(pool);
    viewers.push(early);
    expect(early.peer.thread).toBe('main');
    await pool.warm();
    const a = await viewer(pool);
    const b = await viewer(pool);
    viewers.push(a, b);
    expect(a.peer.thread).toMatch(/^webrtc-peers-\d$/);
    expect(new Set([a.peer.thread, b.peer.thread]).size).toBe(2);
    await waitFor(() => a.state === 'connected' && b.state === 'connected', 'both connected', 100, 100);
    let n = 0;
    const live = new Set([a, b]);
    timer = setInterval(() => {
      // One array for all viewers, as the core hands it out.
      const packets = frame(n++);
      for (const v of live) v.peer.send('video', packets);
    }, 33);
    await waitFor(() => a.frames > 20 && b.frames > 20, 'both receive frames', 100, 100);

    await pool.crashForTest(a.peer.thread);
    await waitFor(() => a.lost !== null, 'the viewer of the stopped thread is told', 50, 100);
    live.delete(a);
    expect(a.lost).toContain(a.peer.thread);
    expect(log.messages('error').some((m) => m.includes(a.peer.thread) && m.includes('closing its 1 viewer'))).toBe(true);
    const before = b.frames;
    await waitFor(() => b.frames > before + 15, 'the other thread goes on', 100, 100);

    // The replacement starts with the next viewer (here: now) and takes viewers once loaded.
    await pool.warm();
    const c = await viewer(pool);
    viewers.push(c);
    live.add(c);
    expect([a.peer.thread, b.peer.thread]).not.toContain(c.peer.thread);
    await waitFor(() => c.frames > 15, 'a viewer on the new thread plays', 100, 100);
    expect(pool.status().filter((s) => s.thread !== 'main').map((s) => s.peers).sort()).toEqual([1, 1]);
  }, 30_000);

  it('runs peers in the main thread when told to (RELAYBOX_WEBRTC_WORKERS=0)', async () => {
    pool = new PeerWorkerPool(collectingLogger(), 0);
    const a = await viewer(pool);
    viewers.push(a);
    expect(a.peer.thread).toBe('main');
    await waitFor(() => a.state === 'connected', 'connected', 100, 100);
    let n = 0;
    timer = setInterval(() => a.peer.send('video', frame(n++)), 33);
    await waitFor(() => a.frames > 15, 'frames arrive', 100, 100);
  }, 20_000);
});
