// electron-builder configuration: validated with electron-builder's own schema, then checked for
// what issue 10 requires (targets, NSIS options, FFmpeg unpacked from the asar, icons).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(__dirname, '../../..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const WINDOWS_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** Minimal glob → RegExp for electron-builder's patterns (`**`, `*`). */
function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?/g, '@@').replace(/\*/g, '[^/]*').replace(/@@/g, '.*');
  return new RegExp(`^${re}$`);
}

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // PNG signature
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** ICONDIR + ICONDIRENTRY (16 bytes each); width/height 0 means 256. Entries may be PNG or BMP. */
function icoSizes(buf: Buffer): number[] {
  expect(buf.readUInt16LE(0)).toBe(0);
  expect(buf.readUInt16LE(2)).toBe(1); // 1 = icon
  const count = buf.readUInt16LE(4);
  const sizes: number[] = [];
  for (let k = 0; k < count; k++) {
    const e = 6 + k * 16;
    const w = buf[e] || 256;
    const h = buf[e + 1] || 256;
    const length = buf.readUInt32LE(e + 8);
    const offset = buf.readUInt32LE(e + 12);
    expect(offset + length).toBeLessThanOrEqual(buf.length);
    const image = buf.subarray(offset, offset + length);
    if (image.subarray(0, 4).toString('hex') === '89504e47') expect(pngSize(image)).toEqual({ width: w, height: h });
    else expect(image.readInt32LE(4)).toBe(w); // BITMAPINFOHEADER width
    expect(w).toBe(h);
    sizes.push(w);
  }
  return sizes;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    const req = createRequire(join(root, 'package.json'));
    const { validateConfiguration } = req('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = req('builder-util');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneClik: true } }, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it('builds a per-user one-click NSIS installer and a portable zip for Windows x64', () => {
    const targets = config.win.target as { target: string; arch: string[] }[];
    expect(targets.map((t) => t.target).sort()).toEqual(['nsis', 'zip']);
    for (const t of targets) expect(t.arch).toEqual(['x64']);
    expect(config.nsis).toMatchObject({
      oneClick: true, perMachine: false, allowElevation: false,
      createDesktopShortcut: 'always', createStartMenuShortcut: true, deleteAppDataOnUninstall: false,
    });
  });

  it('has Linux AppImage/deb and macOS dmg targets', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('unpacks ffmpeg-static from the asar, on every platform path', () => {
    expect(config.asar).toBe(true);
    const patterns = (config.asarUnpack as string[]).map(globToRegExp);
    for (const p of ['node_modules/ffmpeg-static/ffmpeg.exe', 'node_modules/ffmpeg-static/ffmpeg', 'node_modules/ffmpeg-static/index.js']) {
      expect(patterns.some((re) => re.test(p)), p).toBe(true);
    }
    expect(patterns.some((re) => re.test('out/main/index.js'))).toBe(false);
  });

  it('packs the built app and the runtime icons, not the sources', () => {
    const files = (config.files as string[]).filter((f) => !f.startsWith('!')).map(globToRegExp);
    const packed = (p: string) => files.some((re) => re.test(p));
    for (const p of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html', 'package.json', 'resources/tray.png']) expect(packed(p), p).toBe(true);
    for (const p of ['src/main/index.ts', 'test/unit/shell/builder-config.test.ts', 'resources/make-icons.mjs']) expect(packed(p), p).toBe(false);
  });

  it('points at icons that exist with the sizes Windows needs', () => {
    for (const f of [config.win.icon, config.nsis.installerIcon, config.nsis.uninstallerIcon]) {
      expect(f).toMatch(/\.ico$/);
      expect(existsSync(join(root, f)), f).toBe(true);
      expect(icoSizes(readFileSync(join(root, f))).sort((a, b) => a - b)).toEqual(WINDOWS_ICON_SIZES);
    }
    for (const f of [config.linux.icon, config.mac.icon]) {
      const { width, height } = pngSize(readFileSync(join(root, f)));
      expect(width).toBe(height);
      expect(width).toBeGreaterThanOrEqual(512); // macOS icns and Linux hicolor need 512
    }
    expect(pngSize(readFileSync(join(root, 'resources/tray.png')))).toEqual({ width: 32, height: 32 });
    expect(pngSize(readFileSync(join(root, 'resources/tray@2x.png')))).toEqual({ width: 64, height: 64 });
  });
});
