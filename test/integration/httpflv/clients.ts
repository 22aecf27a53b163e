// Clients for the HTTP-FLV tests besides FFmpeg (test/helpers/ffmpeg.ts): plain HTTP requests,
// a reader that parses the FLV it receives and counts tags, and a client that never reads.
import http from 'node:http';
import net from 'node:net';
import { FlvTagReader, FlvTagType, type FlvFileHeader } from '../../../src/main/engine/protocols/flv/file';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request whose response has an end (errors, HEAD, OPTIONS). */
export function httpRequest(url: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Reads an HTTP-FLV stream and counts what arrives; close() when done. */
export class FlvHttpReader {
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  fileHeader: FlvFileHeader | undefined;
  videoTags = 0;
  audioTags = 0;
  scriptTags = 0;
  /** Video tags that were sequence headers (AVCPacketType 0). */
  videoSequenceHeaders = 0;
  bytes = 0;
  ended = false;
  closed = false;
  error: Error | undefined;
  readonly response: Promise<void>;
  readonly finished: Promise<void>;
  private readonly req: http.ClientRequest;
  private readonly parser = new FlvTagReader();

  constructor(url: string, headers: Record<string, string> = {}) {
    let gotResponse!: () => void;
    let failed!: (err: Error) => void;
    this.response = new Promise((resolve, reject) => {
      gotResponse = resolve;
      failed = reject;
    });
    let finish!: () => void;
    this.finished = new Promise((resolve) => (finish = resolve));
    this.req = http.get(url, { headers, agent: false }, (res) => {
      this.status = res.statusCode ?? 0;
      this.headers = res.headers;
      gotResponse();
      res.on('data', (chunk: Buffer) => this.onData(chunk));
      res.on('end', () => {
        this.ended = true;
      });
      res.on('error', () => undefined);
      res.on('close', () => {
        this.closed = true;
        finish();
      });
    });
    this.req.on('error', (err) => {
      this.error = err;
      this.closed = true;
      failed(err);
      finish();
    });
  }

  private onData(chunk: Buffer): void {
    this.bytes += chunk.length;
    try {
      for (const tag of this.parser.feed(chunk)) {
        if (tag.type === FlvTagType.Video) {
          if (tag.body[1] === 0) this.videoSequenceHeaders++;
          else this.videoTags++;
        } else if (tag.type === FlvTagType.Audio) this.audioTags++;
        else if (tag.type === FlvTagType.Script) this.scriptTags++;
      }
      this.fileHeader = this.parser.header;
    } catch (err) {
      this.error = err as Error;
      this.req.destroy();
    }
  }

  close(): void {
    this.req.destroy();
  }
}

/**
 * A client that sends the request and then never reads: its socket stops pulling from the
 * kernel, so the server's writes back up.
 */
export function stalledReader(port: number, urlPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port }, () => {
      sock.write(`GET ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      sock.pause();
      resolve(sock);
    });
    sock.on('error', reject);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it returns true or `timeoutMs` passes; returns the last result. */
export async function becomesTrue(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}
