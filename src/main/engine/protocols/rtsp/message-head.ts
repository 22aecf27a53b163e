// The text part of an RTSP message: start line and header lines (RFC 2326 §4, §6, §7). Shared by
// the incremental reader and the one-shot parse functions. Lines end in CRLF or a bare LF (some
// cameras and scripts send LF only); header folding is obsolete and not supported.
import { RtspError } from './errors';
import { RtspHeaderMap } from './header-map';

export type RtspVersion = 'RTSP/1.0' | 'RTSP/2.0';

export type RtspMessageHead =
  | { kind: 'request'; method: string; url: string; version: RtspVersion; headers: RtspHeaderMap }
  | { kind: 'response'; statusCode: number; reason: string; version: RtspVersion; headers: RtspHeaderMap };

/** RFC 2616 §2.2 token characters, which method names and header names are made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters other than tab have no place in a header line. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const MAX_HEADER_LINES = 256;

function version(v: string): RtspVersion {
  if (v === 'RTSP/1.0' || v === 'RTSP/2.0') return v;
  throw new RtspError('BAD_VERSION', `unsupported protocol version "${v.slice(0, 16)}"`);
}

/** Parses `text`: the head without its final empty line. */
export function parseMessageHead(text: string): RtspMessageHead {
  const lines = text.split('\n');
  if (lines.length > MAX_HEADER_LINES) throw new RtspError('HEADER_TOO_LARGE', `more than ${MAX_HEADER_LINES} header lines`);
  const first = stripCr(lines[0]);
  const headers = new RtspHeaderMap();
  for (let i = 1; i < lines.length; i++) {
    const line = stripCr(lines[i]);
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trimEnd();
    if (!TOKEN.test(name)) throw new RtspError('BAD_HEADER', `bad header line ${i + 1}: "${line.slice(0, 40)}"`);
    const value = line.slice(colon + 1).trim();
    if (CONTROL.test(value)) throw new RtspError('BAD_HEADER', `control character in header "${name}"`);
    headers.append(name, value);
  }
  if (first.startsWith('RTSP/')) {
    // Status-Line = RTSP-Version SP Status-Code SP Reason-Phrase (§7.1); the reason may be empty.
    const m = /^(RTSP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(first);
    if (!m || CONTROL.test(m[3] ?? '')) throw new RtspError('BAD_START_LINE', `bad status line "${first.slice(0, 60)}"`);
    return { kind: 'response', version: version(m[1]), statusCode: Number(m[2]), reason: m[3] ?? '', headers };
  }
  // Request-Line = Method SP Request-URI SP RTSP-Version (§6.1).
  const parts = first.split(' ');
  if (parts.length !== 3 || !TOKEN.test(parts[0]) || parts[1] === '' || CONTROL.test(parts[1])) {
    throw new RtspError('BAD_START_LINE', `bad request line "${first.slice(0, 60)}"`);
  }
  return { kind: 'request', method: parts[0], url: parts[1], version: version(parts[2]), headers };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Start line + headers + Content-Length (when there is a body) + body, as one buffer. */
export function serializeMessage(startLine: string, headers: RtspHeaderMap, body: Buffer): Buffer {
  let head = startLine + '\r\n';
  for (const [name, value] of headers) {
    if (name.toLowerCase() === 'content-length') continue;
    if (/[\r\n]/.test(value) || /[\r\n:]/.test(name)) throw new RtspError('BAD_HEADER', `header "${name}" would break the message framing`);
    head += `${name}: ${value}\r\n`;
  }
  if (body.length > 0) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(headBytes + body.length);
  out.write(head, 0, 'utf8');
  body.copy(out, headBytes);
  return out;
}
