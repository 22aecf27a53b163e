// A QR code for a URL (ISO/IEC 18004) as a module matrix and as SVG path data, through the
// `qrcode` package's encoder; drawing it ourselves keeps the SVG out of innerHTML.
import QRCode from 'qrcode';

export interface QrMatrix {
  /** Modules per side: 17 + 4 × version. */
  size: number;
  version: number;
  dark(x: number, y: number): boolean;
}

/** Level M (≈15 % recoverable): the usual choice for a URL on a screen. */
export function qrMatrix(text: string): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  return { size, version: qr.version, dark: (x, y) => data[y * size + x] === 1 };
}

/** One horizontal run per row segment of dark modules, offset by the quiet zone `margin`. */
export function qrPathData(m: QrMatrix, margin = 4): string {
  const parts: string[] = [];
  for (let y = 0; y < m.size; y++) {
    for (let x = 0; x < m.size; x++) {
      if (!m.dark(x, y)) continue;
      let run = 1;
      while (x + run < m.size && m.dark(x + run, y)) run++;
      parts.push(`M${x + margin} ${y + margin}h${run}v1h-${run}z`);
      x += run - 1;
    }
  }
  return parts.join('');
}
