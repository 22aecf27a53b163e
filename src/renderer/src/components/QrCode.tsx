// A QR code for a URL, so a phone on the LAN opens the player page without typing.
import { useMemo } from 'react';
import { qrMatrix, qrPathData } from './qr-matrix';

/** The quiet zone: 4 modules on every side (ISO/IEC 18004 §6.3.8). */
const MARGIN = 4;

export function QrCode({ text, label, pixels = 176 }: { text: string; label: string; pixels?: number }) {
  const { side, d } = useMemo(() => {
    const m = qrMatrix(text);
    return { side: m.size + 2 * MARGIN, d: qrPathData(m, MARGIN) };
  }, [text]);
  return (
    <svg className="qr-code" role="img" aria-label={label} data-qr={text} width={pixels} height={pixels}
      viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges">
      {/* White background even in dark mode: scanners need dark modules on light. */}
      <rect width={side} height={side} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
