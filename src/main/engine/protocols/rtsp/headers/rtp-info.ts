// RTP-Info header (RFC 2326 §12.33): per stream, the URL and the seq/rtptime of the first packet
// after PLAY, so the client can map RTP timestamps to the Range it asked for.
//   RTP-Info: url=rtsp://h/cam1/trackID=0;seq=9810;rtptime=3450012,url=rtsp://h/cam1/trackID=1;seq=1
import { RtspError } from '../errors';

export interface RtpInfoEntry {
  url: string;
  seq?: number;
  rtptime?: number;
}

export function parseRtpInfo(value: string): RtpInfoEntry[] {
  // URLs may contain commas, so split only where the next entry starts with `url=`.
  const entries = value.split(/,\s*(?=url=)/i).filter((e) => e.trim() !== '');
  if (entries.length === 0) throw new RtspError('BAD_HEADER_VALUE', 'RTP-Info is empty');
  return entries.map((entry) => {
    const out: Partial<RtpInfoEntry> = {};
    // The URL may itself contain `;`; parameters after it are the known names only.
    const m = /^\s*url=(.*?)((?:;\s*(?:seq|rtptime|ssrc)=[^;]*)*)\s*$/i.exec(entry);
    if (!m || m[1] === '') throw new RtspError('BAD_HEADER_VALUE', `RTP-Info entry "${entry.slice(0, 80)}" has no url`);
    out.url = m[1].replace(/^"(.*)"$/, '$1');
    for (const param of m[2].split(';')) {
      const kv = /^\s*(seq|rtptime)=(\d{1,10})\s*$/i.exec(param);
      if (kv) {
        const n = Number(kv[2]);
        if (kv[1].toLowerCase() === 'seq') {
          if (n > 0xffff) throw new RtspError('BAD_HEADER_VALUE', `RTP-Info seq ${n} exceeds 65535`);
          out.seq = n;
        } else {
          if (n > 0xffffffff) throw new RtspError('BAD_HEADER_VALUE', `RTP-Info rtptime ${n} exceeds 32 bits`);
          out.rtptime = n;
        }
      } else if (/^\s*(seq|rtptime)=/i.test(param)) {
        throw new RtspError('BAD_HEADER_VALUE', `RTP-Info parameter "${param.slice(0, 40)}" is not a number`);
      }
    }
    return out as RtpInfoEntry;
  });
}

export function buildRtpInfo(entries: readonly RtpInfoEntry[]): string {
  return entries
    .map((e) => `url=${e.url}${e.seq === undefined ? '' : `;seq=${e.seq}`}${e.rtptime === undefined ? '' : `;rtptime=${e.rtptime}`}`)
    .join(',');
}
