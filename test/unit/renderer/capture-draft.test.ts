// The pipeline editor's model: draft ↔ definition round trips per kind, the contract schema's
// messages land at the right field, patches remove cleared optional fields, and the encoder and
// device pickers offer only what this machine has.
import { describe, expect, it } from 'vitest';
import { PipelineDefSchema, type DeviceListing, type PipelineCapabilities, type PipelineDefInput } from '../../../src/shared/pipelines';
import {
  cameraChoices, desktopMethodChoices, draftFromDef, draftToDef, draftToPatch, encoderChoices, micChoices, newDraft,
  resolutionOf, validateDraft, withResolution,
} from '../../../src/renderer/src/features/capture/pipeline-draft';

const opts = { isNew: true, taken: ['lobby'], nameTaken: 'taken' };

const caps = (over: Partial<PipelineCapabilities> = {}): PipelineCapabilities => ({
  ffmpeg: { path: '/usr/bin/ffmpeg', source: 'path', version: '7.1' }, platform: 'linux', encoders: ['libx264', 'aac', 'h264_nvenc', 'h264_vaapi'],
  workingHardwareH264: [], inputDevices: ['x11grab', 'v4l2', 'alsa'], desktopMethods: ['x11grab'], drawtext: true, ...over,
});

describe('pipeline draft', () => {
  it.each<PipelineDefInput>([
    { kind: 'testPattern', width: 640, height: 360, fps: 25, toneHz: 1000, clock: false, autoStart: false },
    { kind: 'file', file: '/srv/a b.mp4', loop: false, forceEncode: true, path: 'lobby/main', bitrateKbps: 2500 },
    { kind: 'desktop', method: 'x11grab', display: ':1.0', screen: 1, drawMouse: false, encoder: 'libx264' },
    { kind: 'camera', camera: { backend: 'v4l2', id: '/dev/video0' }, mic: { backend: 'pulse', id: 'alsa_input.usb:1' } },
    { kind: 'restream', input: 'srt://10.0.0.5:9000?mode=caller', transcode: true, audioBitrateKbps: 96 },
  ])('round-trips a $kind definition through the form', (input) => {
    const def = PipelineDefSchema.parse(input);
    const draft = draftFromDef('p1', def);
    expect(validateDraft(draft, { ...opts, isNew: false })).toEqual({});
    expect(PipelineDefSchema.parse(draftToDef(draft, def))).toEqual(def);
  });

  it('keeps camera capture settings and a desktop region that the form does not show', () => {
    const cam = PipelineDefSchema.parse({ kind: 'camera', camera: { backend: 'dshow', id: 'USB Cam', captureWidth: 1920, captureHeight: 1080, captureFps: 30 } });
    expect(draftToDef(draftFromDef('c', cam), cam)).toMatchObject({ camera: { captureWidth: 1920, captureFps: 30 } });
    // Another camera chosen: the old capture size belonged to the old device.
    expect(draftToDef({ ...draftFromDef('c', cam), camera: 'dshow:Other Cam' }, cam)).toMatchObject({ camera: { backend: 'dshow', id: 'Other Cam' } });
    expect((draftToDef({ ...draftFromDef('c', cam), camera: 'dshow:Other Cam' }, cam) as { camera: object }).camera).not.toHaveProperty('captureWidth');
    const desk = PipelineDefSchema.parse({ kind: 'desktop', region: { width: 800, height: 600, x: 10, y: 20 } });
    expect(draftToDef(draftFromDef('d', desk), desk)).toMatchObject({ region: { width: 800, x: 10 } });
  });

  it('shows the schema messages at their fields and checks the name of a new pipeline', () => {
    const bad = { ...newDraft('testPattern', 'lobby'), resolution: 'custom', width: '99999', fps: 'abc', bitrateKbps: '5' };
    const errors = validateDraft(bad, opts);
    expect(errors.name).toBe('taken');
    expect(errors.width).toMatch(/7680/);
    expect(errors.fps).toBeTruthy();
    expect(errors.bitrateKbps).toMatch(/100/);
    expect(errors.height).toBeUndefined();
    expect(validateDraft({ ...newDraft(), name: 'a/b' }, opts).name).toMatch(/1–64 characters/);
    expect(validateDraft({ ...newDraft('file', 'f') }, opts).file).toBeTruthy();
    expect(validateDraft({ ...newDraft('restream', 'r'), input: '  ' }, opts).input).toBeTruthy();
    expect(validateDraft({ ...newDraft('testPattern', 't'), path: '/lead' }, opts).path).toMatch(/leading or trailing/);
    // The schema's cross-field rule (camera needs a camera or a microphone).
    expect(validateDraft(newDraft('camera', 'cam'), opts).camera).toMatch(/camera, a microphone or both/);
    expect(validateDraft({ ...newDraft('camera', 'cam'), mic: 'alsa:default' }, opts)).toEqual({});
  });

  it('patches with null for cleared optional fields, so the engine removes them', () => {
    const def = PipelineDefSchema.parse({ kind: 'testPattern', path: 'old', bitrateKbps: 3000 });
    const patch = draftToPatch({ ...draftFromDef('t', def), path: '', bitrateKbps: '' }, def);
    expect(patch).toMatchObject({ kind: 'testPattern', path: null, bitrateKbps: null, width: 1280 });
  });

  it('maps resolution presets to width and height and back', () => {
    expect(withResolution(newDraft(), '1920x1080')).toMatchObject({ resolution: '1920x1080', width: '1920', height: '1080' });
    expect(withResolution({ ...newDraft(), width: '1920' }, 'custom')).toMatchObject({ resolution: 'custom', width: '1920', height: '720' });
    expect(resolutionOf(640, 360)).toBe('640x360');
    expect(resolutionOf(1000, 500)).toBe('custom');
  });

  it('offers hardware encoders only when they opened on this machine, and keeps a stored one marked', () => {
    expect(encoderChoices(caps(), 'auto')).toEqual([{ value: 'auto', available: true }, { value: 'libx264', available: true }]);
    expect(encoderChoices(caps({ workingHardwareH264: ['h264_nvenc'] }), 'auto').map((c) => c.value)).toEqual(['auto', 'libx264', 'h264_nvenc']);
    expect(encoderChoices(caps(), 'h264_qsv').at(-1)).toEqual({ value: 'h264_qsv', available: false });
    expect(encoderChoices(caps({ encoders: [] }), 'auto').map((c) => c.value)).toEqual(['auto']);
  });

  it('offers desktop methods this FFmpeg has', () => {
    expect(desktopMethodChoices(caps(), 'auto')).toEqual(['auto', 'x11grab']);
    expect(desktopMethodChoices(caps(), 'gdigrab')).toEqual(['auto', 'x11grab', 'gdigrab']);
  });

  it('splits the device list into cameras and microphones by backend and kind', () => {
    const listing: DeviceListing = { warnings: [], devices: [
      { backend: 'v4l2', kinds: ['video'], name: 'Webcam', id: '/dev/video0' },
      { backend: 'dshow', kinds: [], name: 'Capture card', id: 'Card' },
      { backend: 'pulse', kinds: ['audio'], name: 'Mic', id: 'alsa_input.x' },
      { backend: 'avfoundation', kinds: ['screen'], name: 'Capture screen 0', id: '2', index: 2 },
    ] };
    expect(cameraChoices(listing).map((d) => d.name)).toEqual(['Webcam', 'Capture card']);
    expect(micChoices(listing).map((d) => d.name)).toEqual(['Capture card', 'Mic']);
    expect(cameraChoices(undefined)).toEqual([]);
  });
});
