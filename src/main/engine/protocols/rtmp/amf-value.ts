// The JavaScript shape of AMF0/AMF3 values, shared by both codecs.
//
// Decoded objects have a null prototype, so a key such as "__proto__" from the wire is an
// ordinary property and cannot reach Object.prototype.

export type AmfValue =
  | number
  | boolean
  | string
  | null
  | undefined
  | Date
  | Buffer
  | AmfValue[]
  | AmfEcmaArray
  | AmfObject;

export interface AmfObject {
  [key: string]: AmfValue;
}

/**
 * Asks the AMF0 encoder for an ECMA array (marker 0x08) instead of an object: onMetaData is an
 * ECMA array in files FFmpeg and Flash write. Decoding yields a plain AmfObject either way.
 */
export class AmfEcmaArray {
  constructor(readonly entries: AmfObject) {}
}

export interface AmfDecodeOptions {
  /** Deepest nesting of objects/arrays accepted. Default 64. */
  maxDepth?: number;
}

export const DEFAULT_AMF_MAX_DEPTH = 64;

export function isAmfObject(value: AmfValue): value is AmfObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof AmfEcmaArray) &&
    !Buffer.isBuffer(value)
  );
}
