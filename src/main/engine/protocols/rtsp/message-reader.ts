// Incremental reader of what arrives on an RTSP TCP connection: requests, responses and
// interleaved binary frames (RFC 2326 §10.12, RFC 7826 §14), mixed freely and split anywhere.
//
// Interleaved frames are the hot path (a publisher over TCP sends thousands per second): a frame
// that lies whole inside a fed chunk is returned as a subarray of it (no copy, no string work);
// one split across chunks is copied once into a buffer of its declared length. Message heads are
// decoded as text only once complete.
//
// Memory is bounded: a head by maxHeaderBytes (HEADER_TOO_LARGE), a body by maxBodyBytes
// (BODY_TOO_LARGE), a frame by its 16-bit length. After an error the reader stays failed; the
// caller answers 400 or closes the connection.
import { RtspError } from './errors';
import { INTERLEAVED_HEADER_SIZE, INTERLEAVED_MAGIC } from './interleaved-frame';
import { parseMessageHead, type RtspMessageHead } from './message-head';
import type { RtspRequest } from './request';
import type { RtspResponse } from './response';

export type RtspIncoming =
  | { kind: 'request'; request: RtspRequest }
  | { kind: 'response'; response: RtspResponse }
  /** `payload` may share memory with the chunk passed to feed(): copy it before reusing that chunk. */
  | { kind: 'frame'; channel: number; payload: Buffer };

export interface RtspMessageReaderOptions {
  /** Largest start line + headers, in bytes. Default 64 KiB. */
  maxHeaderBytes?: number;
  /** Largest Content-Length accepted. Default 1 MiB (an SDP is a few KiB). */
  maxBodyBytes?: number;
}

const enum State {
  Idle,
  FrameHeader,
  FramePayload,
  Head,
  Body,
  Failed,
}

const LF = 0x0a;
const CR = 0x0d;

export class RtspMessageReader {
  private readonly maxHeaderBytes: number;
  private readonly maxBodyBytes: number;
  private state = State.Idle;
  private failure: RtspError | null = null;

  private readonly frameHead = Buffer.allocUnsafe(INTERLEAVED_HEADER_SIZE);
  private frameHeadLength = 0;
  private channel = 0;
  /** Frame payload or message body being filled, and how much of it has arrived. */
  private target: Buffer = Buffer.alloc(0);
  private received = 0;

  /** Head bytes seen so far when a head spans chunks (grows by doubling up to maxHeaderBytes). */
  private headStage: Buffer = Buffer.alloc(0);
  private headLength = 0;
  /** Bytes of the current head line seen so far, and its last byte (to spot "\r\n" split from "\n"). */
  private lineBytes = 0;
  private lineLastByte = 0;
  private head: RtspMessageHead | null = null;

  constructor(options: RtspMessageReaderOptions = {}) {
    this.maxHeaderBytes = options.maxHeaderBytes ?? 64 * 1024;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  }

  /** Bytes held for an unfinished item (a partial head, body or frame). */
  get pendingBytes(): number {
    switch (this.state) {
      case State.FrameHeader:
        return this.frameHeadLength;
      case State.FramePayload:
      case State.Body:
        return this.received;
      case State.Head:
        return this.headLength;
      default:
        return 0;
    }
  }

  /** Whether the reader is between items (nothing partial held). */
  get idle(): boolean {
    return this.state === State.Idle;
  }

  /** Feeds bytes from the stream; returns every item they complete, in order. */
  feed(chunk: Buffer): RtspIncoming[] {
    if (this.failure) throw this.failure;
    const out: RtspIncoming[] = [];
    try {
      this.consume(chunk, out);
    } catch (e) {
      // Anything but an RtspError is a bug here: rethrow it as is, so fuzzing can see it.
      this.state = State.Failed;
      this.failure = e instanceof RtspError ? e : new RtspError('BAD_HEADER', `reader failed: ${String(e)}`);
      throw e;
    }
    return out;
  }

  /** Feeds a buffer that must end at an item boundary (one-shot parsing). */
  feedAll(bytes: Buffer): RtspIncoming[] {
    const out = this.feed(bytes);
    if (!this.idle) throw new RtspError('INCOMPLETE', `input ends inside a message or frame (${this.pendingBytes} bytes pending)`);
    return out;
  }

  private consume(chunk: Buffer, out: RtspIncoming[]): void {
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      switch (this.state) {
        case State.Idle: {
          const b = chunk[pos];
          if (b === INTERLEAVED_MAGIC) {
            if (end - pos >= INTERLEAVED_HEADER_SIZE) {
              const channel = chunk[pos + 1];
              const length = (chunk[pos + 2] << 8) | chunk[pos + 3];
              const start = pos + INTERLEAVED_HEADER_SIZE;
              if (end - start >= length) {
                out.push({ kind: 'frame', channel, payload: chunk.subarray(start, start + length) });
                pos = start + length;
              } else {
                this.startFramePayload(channel, length);
                pos = start;
              }
            } else {
              this.frameHeadLength = 0;
              this.state = State.FrameHeader;
            }
          } else if (b === CR || b === LF) {
            // Stray line ends between messages (some clients end bodies with an extra CRLF).
            pos++;
          } else {
            this.headLength = 0;
            this.lineBytes = 0;
            this.lineLastByte = 0;
            this.state = State.Head;
          }
          break;
        }
        case State.FrameHeader: {
          while (this.frameHeadLength < INTERLEAVED_HEADER_SIZE && pos < end) this.frameHead[this.frameHeadLength++] = chunk[pos++];
          if (this.frameHeadLength === INTERLEAVED_HEADER_SIZE) this.startFramePayload(this.frameHead[1], this.frameHead.readUInt16BE(2));
          break;
        }
        case State.FramePayload:
        case State.Body: {
          const n = Math.min(end - pos, this.target.length - this.received);
          chunk.copy(this.target, this.received, pos, pos + n);
          this.received += n;
          pos += n;
          if (this.received === this.target.length) this.finishTarget(out);
          break;
        }
        case State.Head:
          pos = this.consumeHead(chunk, pos, out);
          break;
        case State.Failed:
          throw this.failure ?? new RtspError('BAD_HEADER', 'reader failed');
      }
    }
    // A zero-length frame or body completes without consuming bytes.
    if ((this.state === State.FramePayload || this.state === State.Body) && this.received === this.target.length) this.finishTarget(out);
  }

  private startFramePayload(channel: number, length: number): void {
    this.channel = channel;
    this.target = Buffer.allocUnsafe(length);
    this.received = 0;
    this.state = State.FramePayload;
  }

  private finishTarget(out: RtspIncoming[]): void {
    if (this.state === State.FramePayload) {
      out.push({ kind: 'frame', channel: this.channel, payload: this.target });
    } else if (this.head) {
      this.emit(this.head, this.target, out);
    }
    this.target = Buffer.alloc(0);
    this.received = 0;
    this.head = null;
    this.state = State.Idle;
  }

  /** Scans for the empty line ending the head; returns the position after what it consumed. */
  private consumeHead(chunk: Buffer, pos: number, out: RtspIncoming[]): number {
    const end = chunk.length;
    let p = pos;
    for (;;) {
      const lf = chunk.indexOf(LF, p);
      if (lf < 0) {
        const n = end - p;
        if (n > 0) {
          this.lineBytes += n;
          this.lineLastByte = chunk[end - 1];
        }
        this.stageHead(chunk, pos, end);
        return end;
      }
      const segment = lf - p;
      const total = this.lineBytes + segment;
      const last = segment > 0 ? chunk[lf - 1] : this.lineLastByte;
      if (total === 0 || (total === 1 && last === CR)) {
        // §4: the head ends with an empty line.
        let text: string;
        if (this.headLength === 0) {
          this.checkHeadSize(lf + 1 - pos);
          text = chunk.toString('utf8', pos, lf + 1);
        } else {
          this.stageHead(chunk, pos, lf + 1);
          text = this.headStage.toString('utf8', 0, this.headLength);
        }
        this.headLength = 0;
        this.headStage = this.headStage.length > 4096 ? Buffer.alloc(0) : this.headStage;
        this.startBody(parseMessageHead(text), out);
        return lf + 1;
      }
      this.lineBytes = 0;
      this.lineLastByte = 0;
      p = lf + 1;
      if (p - pos + this.headLength > this.maxHeaderBytes) this.checkHeadSize(p - pos);
    }
  }

  private checkHeadSize(adding: number): void {
    if (this.headLength + adding > this.maxHeaderBytes) {
      throw new RtspError('HEADER_TOO_LARGE', `message head exceeds ${this.maxHeaderBytes} bytes`);
    }
  }

  private stageHead(chunk: Buffer, from: number, to: number): void {
    const n = to - from;
    this.checkHeadSize(n);
    const need = this.headLength + n;
    if (need > this.headStage.length) {
      let size = Math.max(512, this.headStage.length);
      while (size < need) size *= 2;
      const grown = Buffer.allocUnsafe(Math.min(size, this.maxHeaderBytes));
      this.headStage.copy(grown, 0, 0, this.headLength);
      this.headStage = grown;
    }
    chunk.copy(this.headStage, this.headLength, from, to);
    this.headLength = need;
  }

  private startBody(head: RtspMessageHead, out: RtspIncoming[]): void {
    const declared = head.headers.get('content-length');
    let length = 0;
    if (declared !== undefined) {
      if (!/^\d{1,15}$/.test(declared)) throw new RtspError('BAD_CONTENT_LENGTH', `Content-Length "${declared.slice(0, 20)}" is not a number`);
      length = Number(declared);
      if (length > this.maxBodyBytes) throw new RtspError('BODY_TOO_LARGE', `Content-Length ${length} exceeds ${this.maxBodyBytes}`);
    }
    if (length === 0) {
      this.state = State.Idle;
      this.emit(head, Buffer.alloc(0), out);
      return;
    }
    this.head = head;
    this.target = Buffer.allocUnsafe(length);
    this.received = 0;
    this.state = State.Body;
  }

  private emit(head: RtspMessageHead, body: Buffer, out: RtspIncoming[]): void {
    if (head.kind === 'request') {
      out.push({ kind: 'request', request: { method: head.method, url: head.url, headers: head.headers, body, version: head.version } });
    } else {
      out.push({ kind: 'response', response: { statusCode: head.statusCode, reason: head.reason, headers: head.headers, body, version: head.version } });
    }
  }
}
