// Fixed-height windowing: only the rows in view (plus overscan) are in the DOM.
export interface RowWindow {
  start: number;
  end: number;
  /** Space above the first rendered row, in px. */
  padTop: number;
  padBottom: number;
}

export function visibleRows(count: number, rowHeight: number, scrollTop: number, viewHeight: number, overscan = 10): RowWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  const end = Math.max(first, last);
  return { start: first, end, padTop: first * rowHeight, padBottom: (count - end) * rowHeight };
}
