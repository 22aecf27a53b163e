// Picks the H.264 payload type of a WHEP offer ourselves, before werift answers (DESIGN §9):
// werift takes the first H.264 rtpmap by name, ignoring packetization-mode and profile-level-id,
// while Chromium offers several profiles in modes 0 and 1. We keep only the entry that fits the
// stream (mode 1, the source's profile) and its RTX in the offer handed to werift, so werift's
// answer (which echoes the offer's payload type and fmtp) names exactly that entry.
import { parseFmtpParameters } from '../../protocols/rtp/sdp-fmtp';

export interface H264Choice {
  /** The offer with the other H.264 entries of the video section removed. */
  sdp: string;
  payloadType: number;
  /** The chosen entry's fmtp (what werift's codec must carry). */
  fmtp: string;
  /** False when no entry had the stream's profile and a mode-1 entry of another one was taken. */
  profileMatched: boolean;
}

export class OfferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfferError';
  }
}

interface Section {
  lines: string[];
}

/** Splits an SDP into the session part and its media sections (RFC 8866 §5). */
function splitSections(sdp: string): { session: string[]; media: Section[] } {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  const session: string[] = [];
  const media: Section[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push({ lines: [line] });
    else if (media.length > 0) media[media.length - 1].lines.push(line);
    else session.push(line);
  }
  return { session, media };
}

/** Checks the outline of an offer: the answerer must not be handed anything else. */
export function checkOfferOutline(sdp: string): void {
  if (!sdp.startsWith('v=0')) throw new OfferError('not an SDP offer: it must begin with "v=0"');
  const { media } = splitSections(sdp);
  if (media.length === 0) throw new OfferError('the offer has no media section (m=)');
  if (!media.some((m) => m.lines[0].startsWith('m=video '))) throw new OfferError('the offer has no video section (m=video)');
  if (!/\r?\na=fingerprint:/.test(sdp)) throw new OfferError('the offer has no DTLS fingerprint (a=fingerprint)');
  if (!/\r?\na=ice-ufrag:/.test(sdp)) throw new OfferError('the offer has no ICE credentials (a=ice-ufrag)');
}

interface RtpEntry {
  pt: number;
  name: string;
  fmtp: string;
}

function entriesOf(section: Section): RtpEntry[] {
  const out = new Map<number, RtpEntry>();
  for (const line of section.lines) {
    const rtpmap = /^a=rtpmap:(\d+) ([^/\s]+)/.exec(line);
    if (rtpmap) {
      const pt = Number(rtpmap[1]);
      out.set(pt, { pt, name: rtpmap[2].toLowerCase(), fmtp: out.get(pt)?.fmtp ?? '' });
    }
  }
  for (const line of section.lines) {
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (fmtp && out.has(Number(fmtp[1]))) out.get(Number(fmtp[1]))!.fmtp = fmtp[2];
  }
  return [...out.values()];
}

/** profile_idc of a profile-level-id, with constrained baseline (42 + constraint_set1) kept apart. */
function profileOf(profileLevelId: string | undefined): string | undefined {
  if (!profileLevelId || !/^[0-9a-fA-F]{6}$/.test(profileLevelId)) return undefined;
  return profileLevelId.slice(0, 2).toLowerCase();
}

/**
 * Chooses the offer's H.264 entry for a stream whose SPS gives `streamProfileLevelId` (6 hex
 * digits, e.g. "640028"; undefined when unknown). RFC 6184 §8.1: packetization-mode absent means
 * 0, which cannot carry FU-A; the level is only an upper bound for the decoder, so the profile
 * decides.
 */
export function chooseH264(sdp: string, streamProfileLevelId: string | undefined): H264Choice {
  const { session, media } = splitSections(sdp);
  const video = media.find((m) => m.lines[0].startsWith('m=video '));
  if (!video) throw new OfferError('the offer has no video section (m=video)');
  const entries = entriesOf(video);
  const mode1 = entries.filter((e) => e.name === 'h264' && parseFmtpParameters(e.fmtp).get('packetization-mode') === '1');
  if (mode1.length === 0) throw new OfferError('the offer has no H.264 entry with packetization-mode=1 (RFC 6184 §6.3)');
  const wanted = profileOf(streamProfileLevelId);
  const same = mode1.find((e) => profileOf(parseFmtpParameters(e.fmtp).get('profile-level-id')) === wanted);
  // Without the exact profile, prefer High (decoders that offer it decode the lower ones too).
  const chosen = same ?? mode1.find((e) => profileOf(parseFmtpParameters(e.fmtp).get('profile-level-id')) === '64') ?? mode1[0];
  const removed = new Set(entries.filter((e) => e.name === 'h264' && e.pt !== chosen.pt).map((e) => e.pt));
  const keep = new Set<number>();
  for (const e of entries) {
    if (removed.has(e.pt)) continue;
    // RTX of a removed entry goes too; other codecs (VP8, RED, …) stay: werift ignores them.
    const apt = parseFmtpParameters(e.fmtp).get('apt');
    if (e.name === 'rtx' && apt !== undefined && removed.has(Number(apt))) continue;
    keep.add(e.pt);
  }
  const mline = video.lines[0].split(' ');
  const rewritten = [[...mline.slice(0, 3), ...mline.slice(3).filter((pt) => keep.has(Number(pt)))].join(' ')];
  for (const line of video.lines.slice(1)) {
    const ptRef = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+) /.exec(line);
    if (ptRef && !keep.has(Number(ptRef[1]))) continue;
    rewritten.push(line);
  }
  video.lines = rewritten;
  const out = [...session, ...media.flatMap((m) => m.lines)].join('\r\n') + '\r\n';
  return { sdp: out, payloadType: chosen.pt, fmtp: chosen.fmtp, profileMatched: same !== undefined };
}

/** RFC 6184 §8.1: profile-level-id is the SPS's profile_idc, constraint flags and level_idc. */
export function profileLevelIdOfSps(sps: Buffer | undefined): string | undefined {
  return sps && sps.length >= 4 ? sps.subarray(1, 4).toString('hex') : undefined;
}
