// Settings → Paths: the path configurations (add, edit the common settings, delete).
import { useMemo, useState } from 'react';
import { checkConfName } from '../../../../shared/config';
import { useApp, useT } from '../../store';
import { fieldIndex, PATH_EDITOR_KEYS } from './settings-sections';
import { SettingsField } from './SettingsField';
import { useSettings } from './settings-store';
import { useFieldEditor } from './useFieldEditor';

function PathEditor({ name }: { name: string }) {
  const fields = useMemo(() => fieldIndex(), []);
  const bind = useFieldEditor({ kind: 'path', name });
  return (
    <fieldset className="settings-group" data-path-editor={name}>
      <legend>{name}</legend>
      {PATH_EDITOR_KEYS.map((key) => {
        const info = fields.get(`path:${key}`);
        return info ? <SettingsField key={key} info={info} {...bind(info)} /> : null;
      })}
    </fieldset>
  );
}

function AddPath({ onAdded }: { onAdded: (name: string) => void }) {
  const t = useT();
  const add = useSettings((s) => s.addPath);
  const [name, setName] = useState('');
  const reason = name ? checkConfName(name) : undefined;
  return (
    <form className="add-path" onSubmit={(e) => { e.preventDefault(); if (name && !reason) { add(name); onAdded(name); setName(''); } }}>
      <input name="new-path" aria-label={t('paths_new_name')} placeholder={t('paths_new_name')} value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" disabled={!name || reason !== undefined}>{t('paths_add')}</button>
      {reason && <div className="field-error" role="alert">{t('paths_name_invalid', { reason })}</div>}
    </form>
  );
}

export function PathsSettings() {
  const t = useT();
  const api = useApp((s) => s.api);
  const data = useSettings((s) => s.data);
  const newPaths = useSettings((s) => s.newPaths);
  const remove = useSettings((s) => s.deletePath);
  const [selected, setSelected] = useState<string>();
  const names = [...(data?.paths.map((p) => p.name) ?? []), ...newPaths];
  const current = selected !== undefined && names.includes(selected) ? selected : undefined;
  return (
    <div className="paths-settings">
      <div className="paths-list">
        <h3>{t('paths_list')}</h3>
        <ul>
          {names.map((n) => (
            <li key={n}>
              <button type="button" aria-current={n === current ? 'true' : undefined} onClick={() => setSelected(n)}>{n}</button>
              {newPaths.includes(n) && <em className="muted"> {t('paths_unsaved_new')}</em>}
              <button type="button" className="delete-path" onClick={() => {
                if (api && window.confirm(t('paths_delete_confirm', { name: n }))) void remove(api, n);
              }}>{t('paths_delete')}</button>
            </li>
          ))}
        </ul>
        <AddPath onAdded={setSelected} />
      </div>
      {current ? <PathEditor name={current} /> : <p className="muted">{t('paths_none')}</p>}
    </div>
  );
}
