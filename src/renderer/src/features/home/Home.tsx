import { useApp, useT } from '../../store';
import { formatBitrate } from '../../selectors';
import { FirstRunGuide } from './FirstRunGuide';
import { ListenerCard } from './ListenerCard';
import { TestStream } from './TestStream';
import { useTotals } from './useTotals';

function Totals() {
  const t = useT();
  const x = useTotals();
  const items: [string, string, string | number][] = [
    ['streams', t('totals_streams'), x.streams],
    ['ready', t('totals_ready'), x.ready],
    ['readers', t('totals_readers'), x.readers],
    ['in', t('totals_in'), formatBitrate(x.inRate)],
    ['out', t('totals_out'), formatBitrate(x.outRate)],
  ];
  return (
    <dl className="totals">
      {items.map(([k, label, v]) => <div key={k} data-total={k}><dt>{label}</dt><dd>{v}</dd></div>)}
    </dl>
  );
}

function ReloadNote() {
  const t = useT();
  const r = useApp((s) => s.lastReload);
  if (!r) return null;
  return <p className="note" role="status">{r.restarted.length ? t('restarted', { names: r.restarted.join(', ') }) : t('restartedNone')}</p>;
}

export function Home() {
  const t = useT();
  const status = useApp((s) => s.status);
  const busy = useApp((s) => s.busy);
  const toggle = useApp((s) => s.toggleServer);
  const state = status?.state;
  const running = state !== undefined && state !== 'stopped' && state !== 'error';
  return (
    <div className="home">
      <div className="power">
        <button type="button" className={`start ${running ? 'running' : ''}`} disabled={!status || busy}
          onClick={() => void toggle()}>{running ? t('stop') : t('start')}</button>
        <span className="server-state" data-state={state ?? ''}>{state ? t(`state_${state}`) : ''}</span>
      </div>
      <ReloadNote />
      <TestStream />
      <Totals />
      <ul className="cards">{status?.listeners.map((l) => <ListenerCard key={l.name} l={l} />)}</ul>
      <FirstRunGuide />
    </div>
  );
}
