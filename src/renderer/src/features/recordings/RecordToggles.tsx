// Which paths are recorded: the `record` switch of each path configuration (PATCH path conf), the
// folder the files go to, and "Record a path" for a name that has no configuration of its own.
import { useState } from 'react';
import { useApp, useT } from '../../store';
import { applyPathEdit, planPathEdit } from '../../path-conf-edit';
import type { PathConfig } from '../../usePathConfig';
import { recordFolder } from './recordings-model';

export function RecordToggles({ config }: { config: PathConfig }) {
  const t = useT();
  const api = useApp((s) => s.api);
  const paths = useApp((s) => s.paths);
  const setScreen = useApp((s) => s.setScreen);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  /** Switches flipped whose save has not come back yet: shown as flipped at once. */
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const { confs, defaults } = config;
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
      setNote(t('rec_saved'));
      await config.reload();
    } catch (e) {
      setNote(undefined);
      setError((e as Error).message);
    }
  };
  const add = () => {
    const n = name.trim();
    if (!api || !defaults || !n) return;
    const live = paths.find((p) => p.name === n);
    void run(async () => { await applyPathEdit(api, planPathEdit(n, () => ({ record: true }), confs, defaults, live?.confName)); setName(''); });
  };
  const unconfigured = paths.filter((p) => !confs.some((c) => c.name === p.name));
  return (
    <section className="record-toggles">
      <h3>{t('rec_record_title')}</h3>
      {defaults && (
        <p className="muted rec-folder">
          {t('rec_folder', { folder: recordFolder(defaults.recordPath) })}{' '}
          <button type="button" className="link" onClick={() => setScreen('settings')}>{t('rec_folder_change')}</button>
        </p>
      )}
      <table className="diag-table">
        <thead><tr><th>{t('rec_record_path')}</th><th>{t('rec_record_on')}</th><th>{t('rec_record_to')}</th></tr></thead>
        <tbody>
          {confs.map((c) => (
            <tr key={c.name} data-record-conf={c.name}>
              <td><code>{c.name}</code></td>
              <td>
                <input type="checkbox" className="record-toggle" aria-label={`${t('rec_record_on')} ${c.name}`} checked={pending[c.name] ?? c.record}
                  onChange={(e) => {
                    const record = e.target.checked;
                    if (!api) return;
                    setPending((p) => ({ ...p, [c.name]: record }));
                    void run(() => api.patchPathConf(c.name, { record })).finally(() => setPending(({ [c.name]: _, ...rest }) => rest));
                  }} />
              </td>
              <td className="muted"><code>{c.recordPath}.{c.recordFormat === 'mpegts' ? 'ts' : 'mp4'}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="add-path record-add" onSubmit={(e) => { e.preventDefault(); add(); }}>
        <input name="record-path" list="record-path-names" placeholder={t('rec_record_add_name')} aria-label={t('rec_record_add_name')}
          value={name} onChange={(e) => setName(e.target.value)} />
        <datalist id="record-path-names">{unconfigured.map((p) => <option key={p.name} value={p.name} />)}</datalist>
        <button type="submit" className="record-add-submit" disabled={!name.trim()}>{t('rec_record_add')}</button>
      </form>
      <p className="muted setting-help">{t('rec_record_add_hint')}</p>
      {note && <p className="note" role="status">{note}</p>}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
