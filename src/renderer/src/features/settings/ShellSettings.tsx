// Settings → General inside the desktop app: the shell's own switches (the tray menu has the same
// ones). They live in relaybox.settings.json, not in the media config, so they apply and save at
// once through the shell channel instead of waiting for the Save bar.
import { useEffect, useState } from 'react';
import type { ShellPrefs, ShellSettingsApi, ShellSettingsInfo } from '../../../../shared/ipc';
import { useT } from '../../store';

const KEYS = ['startServerOnLaunch', 'minimizeToTray', 'openAtLogin'] as const satisfies readonly (keyof ShellPrefs)[];

export function ShellSettingsForm({ api }: { api: ShellSettingsApi }) {
  const t = useT();
  const [info, setInfo] = useState<ShellSettingsInfo>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => { api.getShellSettings().then(setInfo, (e: Error) => setError(e.message)); }, [api]);
  const change = (key: keyof ShellPrefs, on: boolean) => {
    setBusy(true);
    setSaved(false);
    api.setShellSettings({ [key]: on })
      .then((next) => { setInfo(next); setSaved(true); setError(undefined); }, (e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <fieldset className="settings-group shell-settings" data-group="shell">
      <legend>{t('shell_group')}</legend>
      {KEYS.map((key) => {
        const unsupported = key === 'openAtLogin' && info?.openAtLoginSupported === false;
        const id = `shell-${key}`;
        return (
          <div key={key} className="setting" data-shell-setting={key}>
            <label className="setting-key" htmlFor={id}>{t(`shell_${key}`)}</label>
            <div className="setting-control">
              <label className="switch">
                <input id={id} name={key} type="checkbox" checked={info?.[key] === true} disabled={!info || busy || unsupported}
                  onChange={(e) => change(key, e.target.checked)} />{t('settings_yes')}
              </label>
              <div className="setting-help muted">{t(`shell_${key}_help`)}{unsupported && <> {t('shell_unsupported')}</>}</div>
            </div>
          </div>
        );
      })}
      {saved && <p className="note shell-saved" role="status">{t('shell_saved')}</p>}
      {error && <p className="error" role="alert">{t('error_prefix', { error })}</p>}
    </fieldset>
  );
}
