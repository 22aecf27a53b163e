// WebRTC playback over WHEP (draft-ietf-wish-whep): one complete offer (the server never gets
// trickled candidates, DESIGN §9), the answer in the POST response, DELETE on the session
// Location to end it.
import type { StartPlayer } from './player';

/** Browsers gather host candidates on loopback in milliseconds; do not wait forever elsewhere. */
const GATHER_LIMIT_MS = 2000;

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { pc.removeEventListener('icegatheringstatechange', check); clearTimeout(timer); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const timer = setTimeout(done, GATHER_LIMIT_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export const startWhepPlayer: StartPlayer = (video, url, fail) => {
  if (typeof RTCPeerConnection === 'undefined') {
    fail('no WebRTC in this browser');
    return { latency: async () => undefined, stop: () => undefined };
  }
  const pc = new RTCPeerConnection({ iceServers: [] });
  const media = new MediaStream();
  let session: string | undefined;
  let stopped = false;
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = (e) => {
    media.addTrack(e.track);
    if (video.srcObject !== media) video.srcObject = media;
    void video.play().catch(() => undefined);
  };
  pc.onconnectionstatechange = () => { if (pc.connectionState === 'failed') fail('WebRTC connection failed'); };
  void (async () => {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription!.sdp });
    if (!res.ok) throw new Error(`WHEP answered ${res.status} ${(await res.text()).trim()}`);
    const location = res.headers.get('Location');
    if (location) session = new URL(location, url).href;
    const answer = await res.text();
    if (!stopped) await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  })().catch((e: Error) => { if (!stopped) fail(e.message); });
  return {
    async latency() {
      // Jitter buffer delay per emitted frame plus half the round trip: the receiving side's share.
      let jitter: number | undefined;
      let rtt = 0;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && Number(s.jitterBufferEmittedCount) > 0) {
          jitter = Number(s.jitterBufferDelay) / Number(s.jitterBufferEmittedCount);
        }
        if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') rtt = s.currentRoundTripTime;
      });
      return jitter === undefined ? undefined : jitter + rtt / 2;
    },
    stop() {
      stopped = true;
      pc.close();
      video.srcObject = null;
      if (session) void fetch(session, { method: 'DELETE' }).catch(() => undefined);
    },
  };
};
