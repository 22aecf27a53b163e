// A tiny line chart of recent values (bitrate), scaled to its own maximum.

/** SVG polyline points for a sparkline of `values` in a width×height box (0 at the bottom). */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length < 2) return '';
  const max = Math.max(...values) || 1;
  const step = width / (values.length - 1);
  return values.map((v, i) => `${(i * step).toFixed(1)},${(height - (v / max) * height).toFixed(1)}`).join(' ');
}

export function Sparkline({ values, width = 80, height = 18, label }: { values: readonly number[]; width?: number; height?: number; label: string }) {
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <polyline points={sparklinePoints(values, width, height)} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
