// Script data tags (FLV 10.1 §E.4.4): AMF0 name + value, in practice "onMetaData" + an ECMA
// array. The same body is the payload of an RTMP data message (type 18).
import type { Track } from '../media/types';
import { decodeAmf0Values, encodeAmf0 } from '../rtmp/amf0';
import { AmfEcmaArray, type AmfDecodeOptions, type AmfObject, type AmfValue } from '../rtmp/amf-value';
import { FlvError } from './errors';
import { FlvSoundFormat } from './audio-tag';
import { FlvVideoCodecId } from './video-tag';

export function parseFlvScriptTag(body: Buffer, options?: AmfDecodeOptions): { name: string; args: AmfValue[] } {
  const [name, ...args] = decodeAmf0Values(body, options);
  if (typeof name !== 'string') throw new FlvError('INVALID', 'FLV script tag without a name string');
  return { name, args };
}

/** "onMetaData" + ECMA array, as FFmpeg writes it. */
export function buildOnMetaDataBody(metadata: AmfObject): Buffer {
  return encodeAmf0('onMetaData', new AmfEcmaArray(metadata));
}

/** E-RTMP: a FourCC as the number onMetaData carries in videocodecid/audiocodecid. */
export function fourCcNumber(fourCc: string): number {
  return Buffer.from(fourCc, 'latin1').readUInt32BE(0);
}

/**
 * onMetaData for a set of tracks: the keys FFmpeg, OBS and players use. Codec ids are the legacy
 * numbers for H.264/AAC/MP3 and FourCC numbers for H.265/AV1/Opus (E-RTMP "Enhancing
 * onMetaData").
 */
export function metadataForTracks(tracks: readonly Track[], extra: AmfObject = {}): AmfObject {
  const meta: AmfObject = {};
  for (const t of tracks) {
    if (t.kind === 'video') {
      if (t.width !== undefined) meta.width = t.width;
      if (t.height !== undefined) meta.height = t.height;
      meta.videocodecid = t.codec === 'H264' ? FlvVideoCodecId.Avc : fourCcNumber(t.codec === 'H265' ? 'hvc1' : 'av01');
    } else {
      meta.audiocodecid = t.codec === 'AAC' ? FlvSoundFormat.Aac : t.codec === 'MP3' ? FlvSoundFormat.Mp3 : fourCcNumber('Opus');
      meta.audiosamplerate = t.clockRate;
      meta.audiochannels = t.channels;
      meta.stereo = t.channels >= 2;
    }
  }
  return { ...meta, ...extra };
}
