// MPEG-TS muxer for HLS segments and recordings (ISO/IEC 13818-1). One program; PIDs 0x100 + track
// index; PCR on the first video track (else the first track). Each access unit becomes one PES,
// serialized once: segmenters share the bytes between readers, so continuity counters advance in
// the order units are written.
import type { AccessUnit, Track } from '../media/types';
import { FIRST_ES_PID, PAT_PID, PMT_PID, PROGRAM_NUMBER, PTS_MODULO } from './constants';
import { esWriterFor, type EsWriter } from './elementary-stream';
import { MpegTsError } from './errors';
import { packetize } from './packetizer';
import { pesHeaderSize, writePesHeader } from './pes';
import { buildPatSection, buildPmtSection, type Pmt } from './psi';
import { to90kHz } from './timestamps';

/**
 * How far the PCR runs behind the DTS (90 kHz units). ISO 13818-1 §2.4.2.3 (T-STD) decodes an
 * access unit at its DTS after it arrived by the PCR clock; 0.1 s leaves room for transmission
 * without the 0.7 s FFmpeg adds to every timestamp (ours stay equal to the source's).
 */
export const PCR_DELAY_90KHZ = 9000;

interface MuxTrack {
  track: Track;
  pid: number;
  es: EsWriter;
  cc: number;
}

export class MpegTsMuxer {
  private readonly muxTracks: MuxTrack[];
  private readonly pcrTrack: number;
  private readonly pat: Buffer;
  private readonly pmt: Buffer;
  private patCc = 0;
  private pmtCc = 0;

  constructor(readonly tracks: readonly Track[]) {
    if (tracks.length === 0) throw new MpegTsError('UNSUPPORTED', 'an MPEG-TS program needs at least one track');
    this.muxTracks = tracks.map((track, i) => ({ track, pid: FIRST_ES_PID + i, es: esWriterFor(track), cc: 0 }));
    const video = tracks.findIndex((t) => t.kind === 'video');
    this.pcrTrack = video >= 0 ? video : 0;
    const pmt: Pmt = {
      programNumber: PROGRAM_NUMBER,
      pcrPid: this.muxTracks[this.pcrTrack].pid,
      streams: this.muxTracks.map((m) => ({ streamType: m.es.streamType, pid: m.pid, descriptors: m.es.descriptors })),
    };
    // §2.4.4.2: a section starts right after the pointer_field (0 here).
    this.pat = Buffer.concat([Buffer.from([0]), buildPatSection(PROGRAM_NUMBER, PMT_PID)]);
    this.pmt = Buffer.concat([Buffer.from([0]), buildPmtSection(pmt)]);
  }

  /** The PID carrying a track, for demuxing tests and diagnostics. */
  pidOf(trackIndex: number): number {
    return this.muxTracks[trackIndex].pid;
  }

  /** PAT + PMT packets: write them at the start of every segment (HLS §3.3: each segment self-contained). */
  tables(): Buffer {
    const pat = packetize([this.pat], { pid: PAT_PID, continuityCounter: this.patCc });
    this.patCc = pat.nextContinuityCounter;
    const pmt = packetize([this.pmt], { pid: PMT_PID, continuityCounter: this.pmtCc });
    this.pmtCc = pmt.nextContinuityCounter;
    return Buffer.concat([pat.packets, pmt.packets]);
  }

  /** The transport packets of one access unit. */
  writeUnit(au: AccessUnit): Buffer {
    const m = this.muxTracks[au.track];
    if (!m) throw new MpegTsError('INVALID', `access unit for track ${au.track}; the muxer has ${this.muxTracks.length}`);
    const clock = m.track.clockRate;
    const pts = to90kHz(au.pts, clock);
    const dts = to90kHz(au.dts, clock);
    const pieces = m.es.pieces(au);
    let payloadLength = 0;
    for (const p of pieces) payloadLength += p.length;
    const withDts = m.track.kind === 'video' && dts !== pts;
    if (m.track.kind === 'audio' && pesHeaderSize(false) - 6 + payloadLength > 0xffff) {
      throw new MpegTsError('INVALID', `audio access unit of ${payloadLength} bytes exceeds one PES packet`);
    }
    const header = Buffer.allocUnsafe(pesHeaderSize(withDts));
    writePesHeader(header, 0, m.es.streamId, payloadLength, pts, withDts ? dts : undefined);
    const isPcrTrack = au.track === this.pcrTrack;
    const pcr = isPcrTrack ? Math.max(0, Math.round((au.dts * 90000) / clock) - PCR_DELAY_90KHZ) % PTS_MODULO : undefined;
    const { packets, nextContinuityCounter } = packetize([header, ...pieces], {
      pid: m.pid,
      continuityCounter: m.cc,
      pcr,
      randomAccess: m.track.kind === 'video' && au.key,
    });
    m.cc = nextContinuityCounter;
    return packets;
  }
}
