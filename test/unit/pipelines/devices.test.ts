// Every device-listing fixture, parsed (see test/fixtures/devices/README.md).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  listVideoNodes, parseAvfoundationDevices, parseDshowDevices, parseFfmpegSources,
} from '../../../src/main/engine/pipelines/devices';
import { deviceFixture } from './fixture';

describe('dshow', () => {
  it('old format (FFmpeg ≤ 4.4): section headers, Chinese names, alternative names', () => {
    const d = parseDshowDevices(deviceFixture('dshow/ffmpeg-4.3-old-format.txt'));
    expect(d.map((x) => [x.kinds, x.name, x.id])).toEqual([
      [['video'], 'USB2.0 高清摄像头', 'USB2.0 高清摄像头'],
      [['video'], 'OBS Virtual Camera', 'OBS Virtual Camera'],
      [['audio'], '麦克风 (Realtek(R) Audio)', '麦克风 (Realtek(R) Audio)'],
      [['audio'], '线路输入 (USB Audio CODEC )', '线路输入 (USB Audio CODEC )'],
    ]);
    expect(d[0].alternativeName).toBe('@device_pnp_\\\\?\\usb#vid_1bcf&pid_2c99&mi_00#7&1e5c8a1&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global');
    expect(d[2].alternativeName).toMatch(/^@device_cm_\{33D9A762/);
  });

  it('new format with two identical webcams and two identical mics: ids are the alternative names', () => {
    const d = parseDshowDevices(deviceFixture('dshow/ffmpeg-6.0-duplicates.txt'));
    expect(d.map((x) => [x.kinds, x.name, x.index])).toEqual([
      [['video'], 'HD Pro Webcam C920', 0],
      [['video'], 'HD Pro Webcam C920', 1],
      [['audio', 'video'], 'Elgato Game Capture HD60 S', 0],
      [[], 'OBS Virtual Camera', 0],
      [['audio'], 'Microphone (HD Pro Webcam C920)', 0],
      [['audio'], 'Microphone (HD Pro Webcam C920)', 1],
    ]);
    expect(d[0].id).toMatch(/^@device_pnp_.*2f6a2b1/);
    expect(d[1].id).toMatch(/^@device_pnp_.*3a7c9e2/);
    expect(d[0].id).not.toBe(d[1].id);
    expect(d[4].id).not.toBe(d[5].id);
    // Unique names stay readable.
    expect(d[2].id).toBe('Elgato Game Capture HD60 S');
  });

  it('FFmpeg 7 format with CRLF and a Chinese camera, mic and stereo mix', () => {
    const d = parseDshowDevices(deviceFixture('dshow/ffmpeg-7.1-chinese.txt'));
    expect(d.map((x) => [x.kinds[0], x.name])).toEqual([
      ['video', 'USB2.0 高清摄像头'], ['audio', '麦克风 (Realtek(R) Audio)'], ['audio', '立体声混音 (Realtek(R) Audio)'],
    ]);
    expect(d.every((x) => x.alternativeName?.startsWith('@device_'))).toBe(true);
  });
});

describe('avfoundation', () => {
  it('cameras, screens and mics with their indexes (FFmpeg 6 "indev")', () => {
    const d = parseAvfoundationDevices(deviceFixture('avfoundation/ffmpeg-6.1-macbook.txt'));
    expect(d.map((x) => [x.kinds[0], x.id, x.name])).toEqual([
      ['video', '0', 'FaceTime HD Camera'], ['video', '1', 'OBS Virtual Camera'],
      ['screen', '2', 'Capture screen 0'], ['screen', '3', 'Capture screen 1'],
      ['audio', '0', 'MacBook Pro Microphone'], ['audio', '1', 'Microsoft Teams Audio'], ['audio', '2', '外置麦克风'],
    ]);
  });

  it('duplicate names stay apart by index (FFmpeg 4 "input device")', () => {
    const d = parseAvfoundationDevices(deviceFixture('avfoundation/ffmpeg-4.4-duplicates.txt'));
    expect(d.map((x) => `${x.kinds[0]}:${x.id}:${x.name}`)).toEqual([
      'video:0:USB Camera', 'video:1:USB Camera', 'screen:2:Capture screen 0', 'audio:0:USB Audio Device', 'audio:1:USB Audio Device',
    ]);
  });
});

describe('linux -sources', () => {
  it('v4l2 with two identical cameras: distinct nodes, the default marked', () => {
    const r = parseFfmpegSources(deviceFixture('linux/v4l2-two-uvc-cameras.txt'), 'v4l2');
    expect(r.error).toBeNull();
    expect(r.devices.map((x) => [x.id, x.name, x.isDefault, x.kinds])).toEqual([
      ['/dev/video0', 'Integrated Camera: Integrated C', true, ['video']],
      ['/dev/video2', 'HD Pro Webcam C920', false, ['video']],
      ['/dev/video4', 'HD Pro Webcam C920', false, ['video']],
    ]);
  });

  it('v4l2 from FFmpeg 4 (no type suffix) with a Chinese card name', () => {
    const r = parseFfmpegSources(deviceFixture('linux/v4l2-ffmpeg-4.4-no-types.txt'), 'v4l2');
    expect(r.devices).toEqual([expect.objectContaining({ id: '/dev/video0', name: 'USB2.0 高清摄像头: USB2.0 高清', kinds: ['video'], isDefault: true })]);
  });

  it('alsa: names with commas and colons, descriptions with parentheses', () => {
    const r = parseFfmpegSources(deviceFixture('linux/alsa-laptop.txt'), 'alsa');
    expect(r.devices.map((x) => x.id)).toEqual(['null', 'pulse', 'default', 'sysdefault:CARD=PCH', 'hw:CARD=PCH,DEV=0', 'plughw:CARD=PCH,DEV=0', 'hw:CARD=C920,DEV=0']);
    expect(r.devices[0].name).toBe('Discard all samples (playback) or generate zero samples (capture)');
    expect(r.devices[2].isDefault).toBe(true);
    expect(r.devices.every((x) => x.kinds[0] === 'audio')).toBe(true);
  });

  it('pulse with monitors and Chinese descriptions', () => {
    const r = parseFfmpegSources(deviceFixture('linux/pulse-desktop.txt'), 'pulse');
    expect(r.devices.map((x) => [x.id, x.name, x.isDefault])).toEqual([
      ['alsa_output.pci-0000_00_1f.3.analog-stereo.monitor', 'Monitor of 内置音频 模拟立体声', false],
      ['alsa_input.pci-0000_00_1f.3.analog-stereo', '内置音频 模拟立体声', true],
      ['alsa_input.usb-046d_HD_Pro_Webcam_C920_A1B2C3D4-02.analog-stereo', 'HD Pro Webcam C920 模拟立体声', false],
    ]);
  });

  it('real output of this headless machine: nothing, or FFmpeg\'s "Cannot list sources"', () => {
    expect(parseFfmpegSources(deviceFixture('linux/debian-v4l2-none.txt'), 'v4l2')).toEqual({ devices: [], error: null });
    expect(parseFfmpegSources(deviceFixture('linux/debian-pulse-none.txt'), 'pulse'))
      .toEqual({ devices: [], error: 'Generic error in an external library' });
    expect(parseFfmpegSources(deviceFixture('linux/debian-alsa-none.txt'), 'alsa').devices.map((x) => x.id)).toEqual(['null']);
  });
});

describe('/dev/video* fallback', () => {
  it('lists capture nodes with their sysfs card names, skipping metadata nodes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'relaybox-v4l-'));
    try {
      const dev = join(root, 'dev');
      const sys = join(root, 'sys');
      mkdirSync(dev);
      for (const [n, name, index] of [['video0', 'USB2.0 高清摄像头', '0'], ['video1', 'USB2.0 高清摄像头', '1'], ['video10', 'bcm2835-codec', '0']]) {
        writeFileSync(join(dev, n), '');
        mkdirSync(join(sys, n), { recursive: true });
        writeFileSync(join(sys, n, 'name'), `${name}\n`);
        writeFileSync(join(sys, n, 'index'), `${index}\n`);
      }
      writeFileSync(join(dev, 'video2'), ''); // no sysfs entry: still listed, by node name
      const d = await listVideoNodes(dev, sys);
      expect(d.map((x) => [x.id, x.name])).toEqual([
        [join(dev, 'video0'), 'USB2.0 高清摄像头'], [join(dev, 'video2'), 'video2'], [join(dev, 'video10'), 'bcm2835-codec'],
      ]);
      expect(await listVideoNodes(join(root, 'missing'), sys)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('parsers never throw', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
      parseDshowDevices(s);
      parseAvfoundationDevices(s);
      parseFfmpegSources(s, 'alsa');
    }));
  });

  it('on fixture lines shuffled and truncated', () => {
    const all = ['dshow/ffmpeg-6.0-duplicates.txt', 'avfoundation/ffmpeg-6.1-macbook.txt', 'linux/alsa-laptop.txt']
      .flatMap((f) => deviceFixture(f).split('\n'));
    fc.assert(fc.property(fc.array(fc.constantFrom(...all), { maxLength: 30 }), fc.nat(200), (lines, cut) => {
      const text = lines.join('\n').slice(0, lines.join('\n').length - cut);
      for (const d of [...parseDshowDevices(text), ...parseAvfoundationDevices(text), ...parseFfmpegSources(text, 'alsa').devices]) {
        expect(typeof d.id).toBe('string');
      }
    }));
  });
});
