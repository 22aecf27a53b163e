// Live totals over all paths, with in/out bitrate from the store's last two byte samples.
import { useApp } from '../../store';
import { pathTotals, totalRates, type Totals } from '../../selectors';

export function useTotals(): Totals & { inRate: number; outRate: number } {
  const paths = useApp((s) => s.paths);
  const samples = useApp((s) => s.samples);
  return { ...pathTotals(paths), ...totalRates(samples) };
}
