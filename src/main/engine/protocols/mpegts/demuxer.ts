// MPEG-TS demuxer: transport packets → PAT/PMT → reassembled PES packets (ISO/IEC 13818-1
// §2.4.3). Incremental (`push` any slice) for the HLS source; `parseTs` for whole segments. It
// also counts continuity errors and collects PCRs, which the muxer tests check.
import { PAT_PID, TS_PACKET_SIZE, TS_SYNC_BYTE } from './constants';
import { MpegTsError } from './errors';
import { parsePesPacket } from './pes';
import { parsePatSection, parsePmtSection, type Pmt } from './psi';
import { readPcrBase } from './timestamps';

export interface TsPes {
  pid: number;
  streamType: number;
  streamId: number;
  /** 90 kHz, 33 bits, as carried. */
  pts?: number;
  dts?: number;
  /** random_access_indicator of the first packet. */
  randomAccess: boolean;
  data: Buffer;
}

export interface TsPcr {
  pid: number;
  /** PCR base, 90 kHz. */
  base: number;
}

interface Assembly {
  chunks: Buffer[];
  size: number;
  /** 6 + PES_packet_length, or 0 when unbounded (ends at the next payload_unit_start). */
  expected: number;
  randomAccess: boolean;
}

export class TsDemuxer {
  pmt: Pmt | undefined;
  private pmtPid: number | undefined;
  private readonly lastCc = new Map<number, number>();
  private readonly assembling = new Map<number, Assembly>();
  private rest: Buffer = Buffer.alloc(0);
  private out: TsPes[] = [];
  /** Packets whose continuity_counter skipped (§2.4.3.3), per PID with payload. */
  continuityErrors = 0;
  readonly pcrs: TsPcr[] = [];

  constructor(private readonly options: { collectPcr?: boolean } = {}) {}

  /** Feeds bytes; returns the PES packets completed so far (a PES completes at the next one's start). */
  push(data: Buffer): TsPes[] {
    let buf = this.rest.length > 0 ? Buffer.concat([this.rest, data]) : data;
    let pos = 0;
    while (pos + TS_PACKET_SIZE <= buf.length) {
      if (buf[pos] !== TS_SYNC_BYTE) throw new MpegTsError('BAD_SYNC', `no sync byte at offset ${pos} (0x${buf[pos].toString(16)})`);
      this.packet(buf.subarray(pos, pos + TS_PACKET_SIZE));
      pos += TS_PACKET_SIZE;
    }
    buf = buf.subarray(pos);
    this.rest = Buffer.from(buf);
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Ends the stream: returns the PES packets still being assembled. */
  flush(): TsPes[] {
    for (const pid of [...this.assembling.keys()]) this.finish(pid);
    const out = this.out;
    this.out = [];
    return out;
  }

  private packet(p: Buffer): void {
    const pusi = (p[1] & 0x40) !== 0;
    const pid = ((p[1] & 0x1f) << 8) | p[2];
    const afc = (p[3] >> 4) & 3;
    const cc = p[3] & 0x0f;
    let pos = 4;
    let randomAccess = false;
    if (afc & 2) {
      const afLength = p[4];
      if (afLength > 183) throw new MpegTsError('INVALID', `adaptation_field_length ${afLength} on PID ${pid}`);
      if (afLength > 0) {
        const flags = p[5];
        randomAccess = (flags & 0x40) !== 0;
        if (flags & 0x10 && this.options.collectPcr) {
          if (afLength < 7) throw new MpegTsError('INVALID', `PCR flag without room for a PCR on PID ${pid}`);
          this.pcrs.push({ pid, base: readPcrBase(p, 6) });
        }
      }
      pos = 5 + afLength;
    }
    if (!(afc & 1)) return;
    // §2.4.3.3: the counter increments per packet with payload; a repeat of the last is allowed once.
    const last = this.lastCc.get(pid);
    if (last !== undefined && cc !== ((last + 1) & 0x0f) && cc !== last) this.continuityErrors++;
    this.lastCc.set(pid, cc);
    const payload = p.subarray(pos);
    if (pid === PAT_PID || (this.pmtPid !== undefined && pid === this.pmtPid)) {
      if (!pusi) return; // sections here always start and end in one packet
      const pointer = payload[0];
      const sec = payload.subarray(1 + pointer);
      if (pid === PAT_PID) {
        const programs = parsePatSection(sec);
        if (programs.length > 0) this.pmtPid = programs[0].pmtPid;
      } else {
        this.pmt = parsePmtSection(sec);
      }
      return;
    }
    if (!this.pmt?.streams.some((s) => s.pid === pid)) return;
    let a = this.assembling.get(pid);
    if (pusi) {
      this.finish(pid);
      const declared = payload.length >= 6 ? payload.readUInt16BE(4) : 0;
      a = { chunks: [], size: 0, expected: declared > 0 ? 6 + declared : 0, randomAccess };
      this.assembling.set(pid, a);
    }
    if (!a) return; // joined mid-PES
    a.chunks.push(Buffer.from(payload));
    a.size += payload.length;
    // A bounded PES is complete once its bytes are in: no need to wait for the next one.
    if (a.expected > 0 && a.size >= a.expected) this.finish(pid);
  }

  private finish(pid: number): void {
    const a = this.assembling.get(pid);
    if (!a) return;
    this.assembling.delete(pid);
    const stream = this.pmt?.streams.find((s) => s.pid === pid);
    if (!stream) return;
    const pes = parsePesPacket(Buffer.concat(a.chunks));
    this.out.push({ pid, streamType: stream.streamType, streamId: pes.streamId, pts: pes.pts, dts: pes.dts, randomAccess: a.randomAccess, data: pes.data });
  }
}

export interface ParsedTs {
  pmt: Pmt | undefined;
  pes: TsPes[];
  pcrs: TsPcr[];
  continuityErrors: number;
}

/** Demuxes a whole buffer of transport packets (e.g. one HLS segment or a recording). */
export function parseTs(buf: Buffer): ParsedTs {
  if (buf.length % TS_PACKET_SIZE !== 0) throw new MpegTsError('BAD_SYNC', `${buf.length} bytes is not a whole number of 188-byte packets`);
  const d = new TsDemuxer({ collectPcr: true });
  const pes = [...d.push(buf), ...d.flush()];
  return { pmt: d.pmt, pes, pcrs: d.pcrs, continuityErrors: d.continuityErrors };
}
