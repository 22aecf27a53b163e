import { LOG_LEVELS, type LogLevel } from '../../../../shared/log';
import { downloadText } from '../../download';
import { useT } from '../../store';
import { LogList } from './LogList';
import { logsFileName, logsText } from './logs-export';
import { filterEntries, moduleNames, useLogs } from './logs-store';

export function Logs() {
  const t = useT();
  const { entries, held, paused, level, query, module, setPaused, setLevel, setQuery, setModule, clear } = useLogs();
  const shown = filterEntries(entries, level, query, module);
  const modules = moduleNames(entries);
  return (
    <div className="logs">
      <div className="toolbar">
        <label>{t('logs_level')}{' '}
          <select className="log-level-filter" value={level ?? ''} onChange={(e) => setLevel((e.target.value || undefined) as LogLevel | undefined)}>
            <option value="">{t('level_all')}</option>
            {LOG_LEVELS.map((l) => <option key={l} value={l}>{t(`level_${l}`)}</option>)}
          </select>
        </label>
        <label>{t('logs_module')}{' '}
          <select className="log-module-filter" value={module ?? ''} onChange={(e) => setModule(e.target.value || undefined)}>
            <option value="">{t('logs_module_all')}</option>
            {/* Keep a chosen module listed even after "Clear view" emptied it. */}
            {(module && !modules.includes(module) ? [...modules, module] : modules).map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <input type="search" className="log-search" placeholder={t('logs_filter')} aria-label={t('logs_filter')}
          value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="button" className="log-pause" onClick={() => setPaused(!paused)}>{paused ? t('logs_resume') : t('logs_pause')}</button>
        <button type="button" onClick={clear}>{t('logs_clear')}</button>
        <button type="button" className="log-export" disabled={!shown.length}
          onClick={() => downloadText(logsFileName(new Date()), logsText(shown))}>{t('logs_export')}</button>
        <span className="muted log-count">{t('logs_count', { shown: shown.length, total: entries.length })}</span>
        {paused && held.length > 0 && <span className="muted">{t('logs_paused', { n: held.length })}</span>}
      </div>
      <LogList entries={shown} />
    </div>
  );
}
