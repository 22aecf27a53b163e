// The Settings screen: tabs generated from settings-sections.ts, a YAML tab, one Save bar.
import { useEffect, useMemo, useState } from 'react';
import { shellSettingsApi } from '../../bridge';
import { useApp, useT } from '../../store';
import { PathsSettings } from './PathsSettings';
import { SectionForm } from './SectionForm';
import { ShellSettingsForm } from './ShellSettings';
import { settingsSections, type SectionId } from './settings-sections';
import { hasChanges, useSettings } from './settings-store';
import { YamlTab } from './YamlTab';

type Tab = SectionId | 'yaml';

function SaveBar() {
  const t = useT();
  const api = useApp((s) => s.api);
  const s = useSettings();
  const dirty = hasChanges(s);
  const invalid = Object.keys(s.errors).length > 0;
  return (
    <div className="save-bar">
      <button type="button" className="settings-save" disabled={!api || !dirty || s.saving}
        onClick={() => { if (api) void s.save(api); }}>{s.saving ? t('settings_saving') : t('settings_save')}</button>
      <button type="button" disabled={!dirty || s.saving} onClick={s.discard}>{t('settings_discard')}</button>
      {dirty && !invalid && <span className="muted">{t('settings_unsaved')}</span>}
      {invalid && (
        <div className="error save-errors" role="alert">
          {t('settings_fix_errors')}
          {/* All of them, since some may sit on another tab. */}
          <ul className="issues">{Object.entries(s.errors).map(([id, m]) => <li key={id}>{m}</li>)}</ul>
        </div>
      )}
      {s.failure && <span className="error" role="alert">{t('error_prefix', { error: s.failure })}</span>}
      {s.saved && (
        <span className="note settings-saved" role="status">
          {s.saved.restarted.length ? t('restarted', { names: s.saved.restarted.join(', ') }) : t('restartedNone')}
        </span>
      )}
    </div>
  );
}

export function Settings() {
  const t = useT();
  const api = useApp((s) => s.api);
  const data = useSettings((s) => s.data);
  const load = useSettings((s) => s.load);
  const sections = useMemo(() => settingsSections(), []);
  const shell = useMemo(shellSettingsApi, []);
  const [tab, setTab] = useState<Tab>('general');
  useEffect(() => { if (api) void load(api); }, [api, load]);
  const section = sections.find((s) => s.id === tab);
  return (
    <div className="settings">
      <div className="tabs" role="tablist">
        {[...sections.map((s) => s.id), 'yaml' as const].map((id) => (
          <button key={id} type="button" role="tab" data-tab={id} aria-selected={tab === id} onClick={() => setTab(id)}>
            {t(`settings_tab_${id}`)}
          </button>
        ))}
      </div>
      {!data ? <p className="muted">{t('settings_loading')}</p> : (
        <>
          {/* Applies at once, so it sits above the Save bar that belongs to the config below. */}
          {tab === 'general' && shell && <ShellSettingsForm api={shell} />}
          {tab !== 'yaml' && <SaveBar />}
          {tab === 'yaml' ? <YamlTab /> : tab === 'paths' ? <PathsSettings /> : section && <SectionForm groups={section.groups} />}
        </>
      )}
    </div>
  );
}
