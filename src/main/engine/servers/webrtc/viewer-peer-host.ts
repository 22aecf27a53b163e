// The werift side of WHEP viewers: runs inside a peer worker (peer-worker.ts), or in the main
// thread when no worker can be started (peer-worker-pool.ts). It builds each viewer's
// RTCPeerConnection from the offer, answers with every host candidate, sends the RTP batches it
// is given, and reports state, RTCP liveness and PLIs back as messages.
import type { RTCPeerConnection, RTCRtpSender } from 'werift';
import { createPeer, NoCandidatesError, setLocalAndGather } from './peer';
import { RTCP_REPORT_MS, type FromPeerWorker, type ToPeerWorker } from './peer-worker-messages';

interface HostedPeer {
  pc: RTCPeerConnection;
  video?: RTCRtpSender;
  audio?: RTCRtpSender;
  lastRtcpReport: number;
}

/** Every host candidate must be in the answer: browsers may never trickle (DESIGN §9). */
function gatheringComplete(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const { unSubscribe } = pc.iceGatheringStateChange.subscribe((s) => {
      if (s === 'complete') { unSubscribe(); resolve(); }
    });
  });
}

export class ViewerPeerHost {
  private readonly peers = new Map<number, HostedPeer>();
  /** Peers waiting for the main thread's gathering lock. */
  private readonly gatherWaiting = new Map<number, () => void>();

  /**
   * @param sharedGatherLock true in a worker: gathering in a port range waits for the main
   *   thread's lock ('gather' message). In the main thread setLocalAndGather takes that lock itself.
   */
  constructor(
    private readonly post: (msg: FromPeerWorker) => void,
    private readonly sharedGatherLock = true,
  ) {}

  handle(msg: ToPeerWorker): void {
    switch (msg.t) {
      case 'open':
        this.open(msg).catch((err: unknown) => {
          this.close(msg.id);
          this.post({ t: 'failed', id: msg.id, message: (err as Error).message, noCandidates: err instanceof NoCandidatesError });
        });
        return;
      case 'close':
        this.close(msg.id);
        return;
      case 'gather-go':
        this.gatherWaiting.get(msg.id)?.();
        this.gatherWaiting.delete(msg.id);
        return;
      case 'media':
        this.sendMedia(msg);
    }
  }

  private async open(msg: Extract<ToPeerWorker, { t: 'open' }>): Promise<void> {
    const pc = createPeer(msg.settings, { h264Fmtp: msg.h264Fmtp }, msg.network);
    const peer: HostedPeer = { pc, lastRtcpReport: 0 };
    this.peers.set(msg.id, peer);
    pc.connectionStateChange.subscribe((state) => {
      if (this.peers.get(msg.id) === peer) this.post({ t: 'state', id: msg.id, state });
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: msg.offer });
    for (const t of pc.getTransceivers()) {
      t.setDirection('sendonly');
      if (t.kind === 'video' && !peer.video) peer.video = t.sender;
      else if (t.kind === 'audio' && !peer.audio) peer.audio = t.sender;
    }
    const alive = (): void => {
      const now = Date.now();
      if (now - peer.lastRtcpReport < RTCP_REPORT_MS) return;
      peer.lastRtcpReport = now;
      this.post({ t: 'rtcp', id: msg.id });
    };
    const senders = [peer.video, peer.audio].filter((s): s is RTCRtpSender => s !== undefined);
    for (const sender of senders) sender.onRtcp.subscribe(alive);
    peer.video?.onPictureLossIndication.subscribe(() => this.post({ t: 'pli', id: msg.id }));
    const answer = await pc.createAnswer();
    if (msg.network.portRange && this.sharedGatherLock) {
      // Held by the main thread across all threads (peer.ts withGatheringLock).
      await new Promise<void>((go) => { this.gatherWaiting.set(msg.id, go); this.post({ t: 'gather', id: msg.id }); });
      try {
        await setLocalAndGather(pc, answer, msg.network);
      } finally {
        this.post({ t: 'gather-done', id: msg.id });
      }
    } else {
      await setLocalAndGather(pc, answer, msg.network);
    }
    await gatheringComplete(pc);
    // Any RTCP on the transport proves the viewer is there. werift hands a sender only the
    // reports about its SSRC, and a viewer that got no RTP yet (this thread fell behind) sends
    // reports without blocks (RFC 3550 §6.4.2): it must not count as gone (readTimeout).
    for (const transport of new Set(senders.map((s) => s.dtlsTransport).filter((d) => d !== undefined))) transport.onRtcp.subscribe(alive);
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new Error('werift produced no local description');
    if (this.peers.get(msg.id) !== peer) return; // closed while answering
    this.post({ t: 'answered', id: msg.id, sdp, video: peer.video !== undefined, audio: peer.audio !== undefined });
  }

  private close(id: number): void {
    const peer = this.peers.get(id);
    // A peer waiting to gather goes on, fails on its closed connection and releases the lock.
    this.gatherWaiting.get(id)?.();
    this.gatherWaiting.delete(id);
    if (!peer) return;
    this.peers.delete(id);
    peer.pc.close().catch(() => { /* already closing */ });
  }

  private sendMedia(msg: Extract<ToPeerWorker, { t: 'media' }>): void {
    const data = Buffer.from(msg.data);
    let at = 0;
    for (const op of msg.ops) {
      if (op.t === 'timeline') {
        // Keeps sequence numbers gapless across a GOP replay (whep-session.ts replayGop).
        this.peers.get(op.id)?.video?.replaceRTP({ sequenceNumber: 0, timestamp: 0 }, false, op.offset);
        continue;
      }
      const senders: RTCRtpSender[] = [];
      for (const id of op.ids) {
        const s = this.peers.get(id)?.[op.track];
        if (s) senders.push(s);
      }
      for (const size of op.sizes) {
        const packet = data.subarray(at, at + size);
        at += size;
        // werift parses the packet per peer and rewrites SSRC/PT/extensions before SRTP (format.ts).
        // UDP has no backpressure to report: werift sends or drops.
        for (const s of senders) s.sendRtp(packet).catch(() => { /* peer closing */ });
      }
    }
    this.post({ t: 'done', seq: msg.seq });
  }

  /** Ends every peer (worker shutdown). */
  closeAll(): void {
    for (const id of [...this.peers.keys()]) this.close(id);
  }
}
