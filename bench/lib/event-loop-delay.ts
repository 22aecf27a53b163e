// Event-loop delay of this process (perf_hooks.monitorEventLoopDelay), as the excess over the
// sampling timer's own interval: the histogram records the whole interval between the timer's
// runs, so an idle loop reads ≈ the resolution, not 0.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export const ELD_RESOLUTION_MS = 5;

export interface DelayFigures {
  p50: number;
  p99: number;
  max: number;
}

export function startEventLoopDelay(): { take(): DelayFigures; reset(): void; stop(): void } {
  const h = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  h.enable();
  const excess = (ns: number) => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);
  return {
    /** Figures since the last take()/reset(), ms; then starts over. */
    take() {
      const f = { p50: excess(h.percentile(50)), p99: excess(h.percentile(99)), max: excess(h.max) };
      h.reset();
      return f;
    },
    reset: () => h.reset(),
    stop: () => h.disable(),
  };
}
