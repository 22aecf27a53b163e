// "Add source" (a path that pulls rtsp://, rtmp:// or HLS, optionally on demand) and "Add
// restream" (a forward destination of a path), both as one path-config API call
// (../../path-conf-edit.ts); the API's schema messages are shown as they come.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { PathConf } from '../../../../shared/config';
import { applyPathEdit, planPathEdit } from '../../path-conf-edit';
import { useApp, useT } from '../../store';
import type { PathConfig } from '../../usePathConfig';

type Change = (current: PathConf) => Partial<PathConf>;

/** Plans and applies one edit of path `name`; says what happened. */
function usePathEditor(config: PathConfig) {
  const t = useT();
  const api = useApp((s) => s.api);
  const paths = useApp((s) => s.paths);
  const refreshPaths = useApp((s) => s.refreshPaths);
  const [error, setError] = useState<string>();
  /** Resolves with what to tell the user, or undefined when it failed (the error is shown). */
  const save = async (name: string, change: Change): Promise<string | undefined> => {
    if (!api || !config.defaults) return undefined;
    const edit = planPathEdit(name, change, config.confs, config.defaults, paths.find((p) => p.name === name)?.confName);
    try {
      await applyPathEdit(api, edit);
      setError(undefined);
      await Promise.all([config.reload(), refreshPaths()]);
      return t('add_done', { detail: edit.takesOverFrom ? t('add_restream_own_conf', { path: name }) : '' }).trim();
    } catch (e) {
      setError((e as Error).message);
      return undefined;
    }
  };
  return { save, error };
}

function FormShell({ className, title, hint, onSubmit, onCancel, children, canSave }: {
  className: string; title: string; hint: string; canSave: boolean; children: ReactNode;
  onSubmit(): void; onCancel(): void;
}) {
  const t = useT();
  return (
    <form className={`settings-group path-conf-form ${className}`} onSubmit={(e: FormEvent) => { e.preventDefault(); onSubmit(); }}>
      <h3>{title}</h3>
      <p className="muted setting-help">{hint}</p>
      {children}
      <div className="toolbar">
        <button type="submit" className="form-save" disabled={!canSave}>{t('add_save')}</button>
        <button type="button" onClick={onCancel}>{t('add_cancel')}</button>
      </div>
    </form>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return <label className="form-field"><span className="copy-label">{label}</span>{children}</label>;
}

interface FormProps {
  config: PathConfig;
  /** Closed: with what to tell the user after a save, or without (cancelled). */
  onDone(note?: string): void;
}

export function AddSourceForm({ config, onDone }: FormProps) {
  const t = useT();
  const { save, error } = usePathEditor(config);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [onDemand, setOnDemand] = useState(true);
  const submit = () => void save(name.trim(), () => ({ source: url.trim(), sourceOnDemand: onDemand })).then((note) => note && onDone(note));
  return (
    <>
      <FormShell className="add-source" title={t('add_source')} hint={t('add_source_hint')} canSave={!!name.trim() && !!url.trim()} onSubmit={submit} onCancel={() => onDone()}>
        <Field label={t('add_source_path')}><input name="path" value={name} onChange={(e) => setName(e.target.value)} /></Field>
        <Field label={t('add_source_url')}><input name="source" value={url} placeholder="rtsp://192.168.1.20:554/stream1" onChange={(e) => setUrl(e.target.value)} /></Field>
        <label className="switch"><input type="checkbox" name="sourceOnDemand" checked={onDemand} onChange={(e) => setOnDemand(e.target.checked)} />{t('add_source_on_demand')}</label>
      </FormShell>
      {error && <p className="error path-conf-error" role="alert">{error}</p>}
    </>
  );
}

export function AddRestreamForm({ config, onDone }: FormProps) {
  const t = useT();
  const paths = useApp((s) => s.paths);
  const { save, error } = usePathEditor(config);
  const [from, setFrom] = useState(paths[0]?.name ?? '');
  const [dest, setDest] = useState('');
  const submit = () => void save(from.trim(), (cur) => ({ forward: [...cur.forward, { dest: dest.trim(), destFingerprint: '', whipBearerToken: '' }] })).then((note) => note && onDone(note));
  return (
    <>
      <FormShell className="add-restream" title={t('add_restream')} hint={t('add_restream_hint')} canSave={!!from.trim() && !!dest.trim()} onSubmit={submit} onCancel={() => onDone()}>
        <Field label={t('add_restream_from')}>
          <input name="from" list="restream-from-names" value={from} onChange={(e) => setFrom(e.target.value)} />
          <datalist id="restream-from-names">{paths.map((p) => <option key={p.name} value={p.name} />)}</datalist>
        </Field>
        <Field label={t('add_restream_dest')}><input name="dest" value={dest} placeholder="rtmp://a.rtmp.youtube.com/live2/KEY" onChange={(e) => setDest(e.target.value)} /></Field>
      </FormShell>
      {error && <p className="error path-conf-error" role="alert">{error}</p>}
    </>
  );
}
