// Main-window size and position across launches. Pure geometry (clamp to a visible display)
// plus a small JSON load/save; Electron's screen module is passed in as plain rectangles.
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;
/** How much of the title bar must stay on a display for the window to count as reachable. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

const int = z.number().int().finite();
export const windowStateSchema = z.object({
  x: int, y: int, width: int.positive(), height: int.positive(), maximized: z.boolean().default(false),
});

/** A stored value, or undefined when it is missing or not a window state (a hand-edited file). */
export function parseWindowState(raw: unknown): WindowState | undefined {
  const r = windowStateSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.width, b.x + b.width) - x;
  const h = Math.min(a.y + a.height, b.y + b.height) - y;
  return { x, y, width: Math.max(0, w), height: Math.max(0, h) };
}

function centered(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width, height,
  };
}

/**
 * Where to open the window: the saved bounds if their top strip is still on some display's work
 * area (a monitor may have been unplugged or the resolution lowered since), shrunk to that work
 * area; otherwise centred on the primary display. `workAreas[0]` is the primary display.
 */
export function restoreBounds(saved: WindowState | undefined, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  if (!saved) return { ...centered(DEFAULT_WINDOW_SIZE, primary), maximized: false };
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: MIN_VISIBLE.height };
  const home = workAreas.find((a) => {
    const o = overlap(titleBar, a);
    return o.width >= Math.min(MIN_VISIBLE.width, saved.width) && o.height >= MIN_VISIBLE.height;
  });
  if (!home) return { ...centered(saved, primary), maximized: saved.maximized };
  const width = Math.min(saved.width, home.width);
  const height = Math.min(saved.height, home.height);
  // Pull the window fully inside its display once it is shrunk to fit.
  const x = Math.min(Math.max(saved.x, home.x), home.x + home.width - width);
  const y = Math.min(Math.max(saved.y, home.y), home.y + home.height - height);
  return { x, y, width, height, maximized: saved.maximized };
}
