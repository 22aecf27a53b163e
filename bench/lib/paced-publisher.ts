// A publisher that sends the clip's FLV tags over RTMP in real time, looping, without encoding
// (what `ffmpeg -re -stream_loop -1 -i clip.flv -c copy -f flv rtmp://…` does), and records the
// monotonic time at which each video frame was handed to the socket. A reader that receives the
// same frame computes publish→read latency as arrival − send: one clock (CLOCK_MONOTONIC) shared
// by both processes, no timestamp arithmetic that a server could skew by rebasing.
import { RtmpMessageType, type RtmpMessage } from '../../src/main/engine/protocols/rtmp/message';
import { encodeAmf0 } from '../../src/main/engine/protocols/rtmp/amf0';
import { FlvTagType } from '../../src/main/engine/protocols/flv/file';
import { RtmpClientSession, monotonicMs, parseRtmpTarget } from './rtmp-client-session';
import type { Clip } from './clip';

export interface PublisherStats {
  videoFramesSent: number;
  /** Largest lag of a send behind its schedule, ms (timer and event-loop delay). */
  maxLateMs: number;
  /** Times socket.write reported a full buffer (the server was not reading fast enough). */
  backpressureEvents: number;
}

export class PacedPublisher {
  private session: RtmpClientSession | undefined;
  private timer: NodeJS.Timeout | undefined;
  private streamId = 0;
  private startMs = 0;
  private loop = 0;
  private index = 0;
  private stopped = false;
  readonly stats: PublisherStats = { videoFramesSent: 0, maxLateMs: 0, backpressureEvents: 0 };
  /** Set when the connection ends while publishing. */
  failure: string | undefined;

  constructor(
    private readonly clip: Clip,
    /** Called for each coded video frame with a clip-unique fingerprint, after the write, with the time just before it. */
    private readonly onVideoSent: (fingerprint: number, sentMs: number) => void,
  ) {}

  async start(url: string): Promise<void> {
    const target = parseRtmpTarget(url);
    const session = await RtmpClientSession.open(target, {
      onClose: (reason) => {
        if (!this.stopped) this.failure = `publisher connection ended: ${reason}`;
      },
    });
    this.session = session;
    this.streamId = await session.publish();
    this.startMs = monotonicMs();
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.session?.close();
  }

  private message(typeId: number, body: Buffer, timestamp: number): RtmpMessage {
    if (typeId === FlvTagType.Script) {
      // A publisher sends the file's onMetaData wrapped as "@setDataFrame" (as FFmpeg does).
      return { typeId: RtmpMessageType.DataAmf0, streamId: this.streamId, timestamp, payload: Buffer.concat([encodeAmf0('@setDataFrame'), body]) };
    }
    return { typeId, streamId: this.streamId, timestamp, payload: body };
  }

  /** Sends every tag that is due, then sleeps until the next one. */
  private tick(): void {
    const session = this.session;
    if (this.stopped || !session || session.isClosed) return;
    const tags = this.clip.tags;
    const now = monotonicMs() - this.startMs;
    for (;;) {
      if (this.index >= tags.length) {
        this.index = 0;
        this.loop++;
      }
      const tag = tags[this.index];
      if (this.loop > 0 && tag.config) {
        this.index++;
        continue;
      }
      const due = tag.timestamp + this.loop * this.clip.loopMs;
      if (due > now) {
        this.timer = setTimeout(() => this.tick(), Math.max(0, due - now - 0.5));
        return;
      }
      this.stats.maxLateMs = Math.max(this.stats.maxLateMs, now - due);
      // The send time is read before the write: socket.write hands the bytes to the kernel at
      // once, and on another core the server can forward them and a reader receive them before
      // this process would read the clock again.
      const sentMs = monotonicMs();
      if (!session.send(this.message(tag.type, tag.body, due))) this.stats.backpressureEvents++;
      if (tag.type === FlvTagType.Video && !tag.config) {
        this.stats.videoFramesSent++;
        if (tag.fingerprint !== undefined) this.onVideoSent(tag.fingerprint, sentMs);
      }
      this.index++;
    }
  }
}
