// The pipeline editor's model: a flat draft of text fields and switches ↔ the contract's
// PipelineDefInput, checked with the contract's own schema (PipelineDefSchema), so the form shows
// the same messages the engine would answer with. Pure: no React, no API.
import {
  checkPipelineName, PipelineDefSchema, type CaptureDevice, type DeviceListing, type PipelineCapabilities,
  type PipelineDef, type PipelineDefInput, type PipelineKind, CAMERA_BACKENDS, MIC_BACKENDS, DESKTOP_METHODS, PIPELINE_ENCODERS,
} from '../../../../shared/pipelines';

type Encoder = (typeof PIPELINE_ENCODERS)[number];
type DesktopMethod = (typeof DESKTOP_METHODS)[number];

export interface PipelineDraft {
  name: string;
  kind: PipelineKind;
  /** '' = publish to the pipeline's name. */
  path: string;
  /** A preset 'WxH' from RESOLUTIONS, or 'custom' to type width and height. */
  resolution: string;
  width: string;
  height: string;
  fps: string;
  /** '' = the engine's suggestion for the size. */
  bitrateKbps: string;
  encoder: Encoder;
  audioBitrateKbps: string;
  autoStart: boolean;
  toneHz: string;
  clock: boolean;
  file: string;
  loop: boolean;
  forceEncode: boolean;
  method: DesktopMethod;
  screen: string;
  display: string;
  drawMouse: boolean;
  /** deviceKey() of the chosen camera / microphone, '' for none. */
  camera: string;
  mic: string;
  input: string;
  transcode: boolean;
}

export type DraftField = keyof PipelineDraft;
/** Field → message; '_' holds a message that belongs to no single field. */
export type DraftErrors = Partial<Record<DraftField | '_', string>>;

export const RESOLUTIONS = ['1920x1080', '1280x720', '854x480', '640x360'] as const;

export function resolutionOf(width: number, height: number): string {
  const r = `${width}x${height}`;
  return (RESOLUTIONS as readonly string[]).includes(r) ? r : 'custom';
}

/** Choosing a preset fills width and height; 'custom' keeps what is there to edit. */
export function withResolution(d: PipelineDraft, resolution: string): PipelineDraft {
  if (resolution === 'custom') return { ...d, resolution };
  const [width, height] = resolution.split('x');
  return { ...d, resolution, width, height };
}

/** Identifies a device within the listing; backends have no ':' so the id keeps its own. */
export function deviceKey(d: Pick<CaptureDevice, 'backend' | 'id'>): string {
  return `${d.backend}:${d.id}`;
}

function splitDeviceKey(key: string): { backend: string; id: string } | undefined {
  const i = key.indexOf(':');
  return i > 0 ? { backend: key.slice(0, i), id: key.slice(i + 1) } : undefined;
}

/** A dshow device whose kind FFmpeg did not print may be either, so it is offered for both. */
const carries = (d: CaptureDevice, kind: 'video' | 'audio') => d.kinds.includes(kind) || d.kinds.length === 0;

export function cameraChoices(listing: DeviceListing | undefined): CaptureDevice[] {
  return (listing?.devices ?? []).filter((d) => carries(d, 'video') && (CAMERA_BACKENDS as readonly string[]).includes(d.backend));
}

export function micChoices(listing: DeviceListing | undefined): CaptureDevice[] {
  return (listing?.devices ?? []).filter((d) => carries(d, 'audio') && (MIC_BACKENDS as readonly string[]).includes(d.backend));
}

export interface EncoderChoice { value: Encoder; available: boolean }

/**
 * 'auto' always; libx264 when this FFmpeg lists it; hardware encoders only when they opened on this
 * machine. A stored choice that is not available here stays listed (marked) so editing keeps it.
 */
export function encoderChoices(caps: PipelineCapabilities | undefined, current: Encoder): EncoderChoice[] {
  const out: EncoderChoice[] = [{ value: 'auto', available: true }];
  const known = (PIPELINE_ENCODERS as readonly string[]);
  if (!caps || caps.encoders.includes('libx264')) out.push({ value: 'libx264', available: true });
  for (const hw of caps?.workingHardwareH264 ?? []) if (known.includes(hw)) out.push({ value: hw as Encoder, available: true });
  if (!out.some((c) => c.value === current)) out.push({ value: current, available: false });
  return out;
}

/** Desktop methods this FFmpeg supports here ('auto' first), keeping a stored one. */
export function desktopMethodChoices(caps: PipelineCapabilities | undefined, current: DesktopMethod): DesktopMethod[] {
  const here = (caps?.desktopMethods ?? DESKTOP_METHODS.filter((m) => m !== 'auto'))
    .filter((m): m is DesktopMethod => (DESKTOP_METHODS as readonly string[]).includes(m));
  const out: DesktopMethod[] = ['auto', ...here.filter((m) => m !== 'auto')];
  return out.includes(current) ? out : [...out, current];
}

export function newDraft(kind: PipelineKind = 'testPattern', name = ''): PipelineDraft {
  return {
    name, kind, path: '', resolution: '1280x720', width: '1280', height: '720', fps: '30', bitrateKbps: '',
    encoder: 'auto', audioBitrateKbps: '128', autoStart: true, toneHz: '440', clock: true, file: '', loop: true,
    forceEncode: false, method: 'auto', screen: '', display: '', drawMouse: true, camera: '', mic: '', input: '', transcode: false,
  };
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function draftFromDef(name: string, def: PipelineDef): PipelineDraft {
  const d: PipelineDraft = {
    ...newDraft(def.kind, name),
    path: def.path ?? '', resolution: resolutionOf(def.width, def.height), width: String(def.width), height: String(def.height),
    fps: String(def.fps), bitrateKbps: text(def.bitrateKbps), encoder: def.encoder, audioBitrateKbps: String(def.audioBitrateKbps),
    autoStart: def.autoStart,
  };
  switch (def.kind) {
    case 'testPattern': return { ...d, toneHz: String(def.toneHz), clock: def.clock };
    case 'file': return { ...d, file: def.file, loop: def.loop, forceEncode: def.forceEncode };
    case 'desktop': return { ...d, method: def.method, screen: text(def.screen), display: def.display ?? '', drawMouse: def.drawMouse };
    case 'camera': return { ...d, camera: def.camera ? deviceKey(def.camera) : '', mic: def.mic ? deviceKey(def.mic) : '' };
    case 'restream': return { ...d, input: def.input, transcode: def.transcode };
  }
}

/** '' → undefined (the schema's default or "not set"); anything else must read as a number. */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));

/**
 * The definition the draft describes. Camera capture size/fps and a desktop region are not in the
 * form; `keep` (the stored definition) carries them over when the same device stays chosen.
 */
export function draftToDef(d: PipelineDraft, keep?: PipelineDef): PipelineDefInput {
  const output = {
    path: d.path.trim() || undefined, autoStart: d.autoStart, width: num(d.width), height: num(d.height), fps: num(d.fps),
    bitrateKbps: num(d.bitrateKbps), encoder: d.encoder, audioBitrateKbps: num(d.audioBitrateKbps),
  };
  switch (d.kind) {
    case 'testPattern': return { kind: 'testPattern', ...output, toneHz: num(d.toneHz), clock: d.clock };
    case 'file': return { kind: 'file', ...output, file: d.file.trim(), loop: d.loop, forceEncode: d.forceEncode };
    case 'desktop': {
      const region = keep?.kind === 'desktop' ? keep.region : undefined;
      return { kind: 'desktop', ...output, method: d.method, screen: num(d.screen), display: d.display.trim() || undefined, region, drawMouse: d.drawMouse };
    }
    case 'camera': {
      const cam = splitDeviceKey(d.camera);
      const mic = splitDeviceKey(d.mic);
      const kept = keep?.kind === 'camera' && keep.camera && cam && deviceKey(keep.camera) === d.camera ? keep.camera : undefined;
      return {
        kind: 'camera', ...output,
        camera: kept ?? (cam && { backend: cam.backend as (typeof CAMERA_BACKENDS)[number], id: cam.id }),
        mic: mic && { backend: mic.backend as (typeof MIC_BACKENDS)[number], id: mic.id },
      };
    }
    case 'restream': return { kind: 'restream', ...output, input: d.input.trim(), transcode: d.transcode };
  }
}

/** Fields that no form field shows fall back to '_' so no message is lost. */
function fieldOf(key: PropertyKey | undefined): DraftField | '_' {
  const k = String(key ?? '_');
  if (k === 'region') return '_';
  return k in newDraft() ? (k as DraftField) : '_';
}

/**
 * The schema's messages by field, plus the name check for a new pipeline. The result is empty
 * when the engine would accept the definition.
 */
export function validateDraft(d: PipelineDraft, opts: { isNew: boolean; taken: readonly string[]; nameTaken: string }): DraftErrors {
  const errors: DraftErrors = {};
  if (opts.isNew) {
    const bad = checkPipelineName(d.name);
    if (bad) errors.name = bad;
    else if (opts.taken.includes(d.name)) errors.name = opts.nameTaken;
  }
  const r = PipelineDefSchema.safeParse(draftToDef(d));
  if (!r.success) {
    for (const issue of r.error.issues) {
      const f = fieldOf(issue.path[0]);
      errors[f] ??= issue.message;
    }
  }
  return errors;
}

/** Optional fields the draft left out are sent as null, so a patch removes them (catalog.patch). */
const OPTIONAL_KEYS = ['path', 'bitrateKbps', 'screen', 'display', 'region', 'camera', 'mic'] as const;

export function draftToPatch(d: PipelineDraft, keep: PipelineDef): Record<string, unknown> {
  const def: Record<string, unknown> = { ...draftToDef(d, keep) };
  for (const k of OPTIONAL_KEYS) if (def[k] === undefined) def[k] = null;
  return def;
}
