// The QR code for the player page: the matrix from `qrcode` read back by an independent reader
// (./qr-reader.ts), the SVG path covering exactly the dark modules, and the component's SVG.
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { qrMatrix, qrPathData } from '../../../src/renderer/src/components/qr-matrix';
import { QrCode } from '../../../src/renderer/src/components/QrCode';
import { readQr } from './qr-reader';

const URLS = [
  'http://192.168.1.20:8889/cam1',
  'http://127.0.0.1:8888/test',
  'http://10.0.0.5:8889/live/team/camera-01?user=viewer&pass=s%C3%A9cret',
  'HTTP://EXAMPLE.ORG:8889/CAM',
];

/** The dark modules an SVG path of "M x y h n v1 h-n z" runs covers, as "x,y" keys. */
function modulesOf(d: string, margin: number): Set<string> {
  const out = new Set<string>();
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    const [x, y, n] = [Number(m[1]) - margin, Number(m[2]) - margin, Number(m[3])];
    for (let k = 0; k < n; k++) out.add(`${x + k},${y}`);
  }
  return out;
}

describe('QR code', () => {
  it.each(URLS)('encodes %s so that it reads back', (url) => {
    const m = qrMatrix(url);
    expect(m.size).toBe(17 + 4 * m.version);
    expect(readQr(m)).toBe(url);
  });

  it('a mismatched or damaged matrix does not read back as the URL', () => {
    const m = qrMatrix(URLS[0]);
    // Flip a whole data row band: the reader must refuse or read something else.
    const damaged = { ...m, dark: (x: number, y: number) => (y > 12 && y < 17 && x > 9 ? !m.dark(x, y) : m.dark(x, y)) };
    let text: string | undefined;
    try { text = readQr(damaged); } catch { text = undefined; }
    expect(text).not.toBe(URLS[0]);
  });

  it('draws exactly the dark modules, inside the quiet zone', () => {
    const m = qrMatrix(URLS[2]);
    const drawn = modulesOf(qrPathData(m, 4), 4);
    const dark = new Set<string>();
    for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) if (m.dark(x, y)) dark.add(`${x},${y}`);
    expect(drawn).toEqual(dark);
    // Finder patterns (§6.3.3) at three corners: dark outer ring corners, light separators beside them.
    const n = m.size - 1;
    expect([m.dark(0, 0), m.dark(6, 6), m.dark(n, 0), m.dark(n - 6, 6), m.dark(0, n), m.dark(6, n - 6)]).toEqual([true, true, true, true, true, true]);
    expect([m.dark(7, 7), m.dark(n - 7, 7), m.dark(7, n - 7)]).toEqual([false, false, false]);
  });

  it('renders an SVG whose size follows the URL length', () => {
    const side = (url: string) => {
      const html = renderToStaticMarkup(createElement(QrCode, { text: url, label: 'Scan' }));
      expect(html).toMatch(/^<svg[^>]* role="img" aria-label="Scan"/);
      expect(html).toContain(`data-qr="${url.replace(/&/g, '&amp;')}"`);
      return Number(/viewBox="0 0 (\d+) \1"/.exec(html)![1]);
    };
    const short = side('http://10.0.0.5:8889/a');
    const long = side(`http://10.0.0.5:8889/${'a'.repeat(60)}`);
    expect(short).toBe(qrMatrix('http://10.0.0.5:8889/a').size + 8);
    expect(long).toBeGreaterThan(short);
  });
});
