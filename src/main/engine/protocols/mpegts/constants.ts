// Fixed numbers of the transport stream layer (ISO/IEC 13818-1 §2.4.3, Table 2-34).

export const TS_PACKET_SIZE = 188;
export const TS_SYNC_BYTE = 0x47;
export const PAT_PID = 0x0000;
/** The PIDs FFmpeg and most muxers use, so captures look familiar. */
export const PMT_PID = 0x1000;
export const FIRST_ES_PID = 0x0100;
export const PROGRAM_NUMBER = 1;

/** Table 2-34 stream_type values (0x24 from the 2013 amendment for HEVC). */
export const StreamType = {
  AacAdts: 0x0f,
  H264: 0x1b,
  H265: 0x24,
  /** PES private data; Opus is identified by its registration descriptor (see elementary-stream.ts). */
  PrivatePes: 0x06,
} as const;

/** §2.4.3.7 Table 2-22 stream_id values. */
export const StreamId = { PrivateStream1: 0xbd, Audio: 0xc0, Video: 0xe0 } as const;

/** PTS/DTS/PCR base are 33-bit counters of a 90 kHz clock (§2.4.3.7, §2.4.2.2). */
export const TS_CLOCK = 90000;
export const PTS_MODULO = 2 ** 33;
