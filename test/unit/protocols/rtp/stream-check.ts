// Helpers shared by the round-trip and loss tests: identify access units by content, so "every
// emitted unit equals an original one" can be checked whatever was lost.
import { createHash } from 'node:crypto';
import type { AccessUnit } from '../../../../src/main/engine/protocols/media/types';
import type { RtpDepacketizer } from '../../../../src/main/engine/protocols/rtp/depacketizer';
import type { RtpPacketizer } from '../../../../src/main/engine/protocols/rtp/packetizer';

export function unitKey(au: AccessUnit, skipNalus = 0): string {
  const h = createHash('sha1');
  for (const n of (au.nalus ?? []).slice(skipNalus)) {
    h.update(String(n.length));
    h.update(':');
    h.update(n);
  }
  if (au.payload) h.update(au.payload);
  return h.digest('hex');
}

export function packetizeAll(p: RtpPacketizer, units: readonly AccessUnit[]): Buffer[][] {
  return units.map((u) => p.packetize(u));
}

export function pushAll(d: RtpDepacketizer, packets: readonly Buffer[]): AccessUnit[] {
  const out: AccessUnit[] = [];
  for (const p of packets) out.push(...d.push(p));
  return out;
}

/**
 * Checks that each emitted unit is an original unit (same bytes) and that emitted timestamps keep
 * the originals' spacing. Returns the original indexes matched.
 */
export function matchOriginals(emitted: readonly AccessUnit[], originals: readonly AccessUnit[]): number[] {
  if (emitted.length === 0) return [];
  const byKey = new Map<string, number[]>();
  originals.forEach((u, i) => {
    const k = unitKey(u);
    byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  const keys = emitted.map((e) => unitKey(e));
  keys.forEach((k, i) => {
    if (i > 0 && !byKey.has(k)) throw new Error(`emitted unit ${i} (pts ${emitted[i].pts}) matches no original unit`);
  });
  // Identical units (a pure tone's AAC frames) are told apart by timestamp spacing.
  for (const first of firstCandidates(emitted[0], originals, byKey, keys[0])) {
    const offset = originals[first].pts - emitted[0].pts;
    const matched = keys.map((k, i) => (i === 0 ? first : byKey.get(k)!.find((j) => originals[j].pts === emitted[i].pts + offset)));
    if (matched.every((m) => m !== undefined)) return matched as number[];
  }
  throw new Error('emitted units have the bytes of original units but not their timestamps');
}

/**
 * Moves each packet by less than `window` places (seeded offsets), like a network reordering. The
 * first stays first: a receiver starts at the first packet it gets (tested separately).
 */
export function reorderWithin<T>(items: readonly T[], offsets: readonly number[], window: number): T[] {
  return items
    .map((item, i) => ({ item, key: i === 0 ? -1 : i + (offsets[i % offsets.length] % window) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

/** H.264 / H.265 units that are not part of a picture (delimiters, parameter sets, SEI). */
function isNonVcl(n: Buffer, h265: boolean): boolean {
  return h265 ? ((n[0] >> 1) & 0x3f) >= 32 : (n[0] & 0x1f) >= 6;
}

/**
 * Originals the first emitted unit may be: equal, or (video) equal but for non-VCL units lost
 * before its first slice, which the depacketizer accepts when a stream is joined there.
 */
function firstCandidates(e: AccessUnit, originals: readonly AccessUnit[], byKey: Map<string, number[]>, key: string): number[] {
  const exact = byKey.get(key) ?? [];
  if (!e.nalus) {
    if (exact.length === 0) throw new Error('the first emitted unit matches no original unit');
    return exact;
  }
  const out = [...exact];
  originals.forEach((o, i) => {
    const skip = (o.nalus?.length ?? 0) - e.nalus!.length;
    if (skip <= 0) return;
    const h265 = o.nalus!.some((n) => ((n[0] >> 1) & 0x3f) === 35 || ((n[0] >> 1) & 0x3f) === 32);
    if (o.nalus!.slice(0, skip).every((n) => isNonVcl(n, h265)) && unitKey(o, skip) === key) out.push(i);
  });
  if (out.length === 0) throw new Error('the first emitted unit matches no original unit');
  return out;
}
