// Settings → YAML: the effective config (secrets masked), export to a file, import a MediaMTX file.
import { useMemo, useState } from 'react';
import type { RelayboxApi } from '../../../../shared/api';
import type { ConfigIssue } from '../../../../shared/config';
import { downloadText } from '../../download';
import { useApp, useT } from '../../store';
import { configYamlText, importEdits, parseConfigYaml, type ImportEdit } from './config-yaml';
import { assembleConfig } from './settings-model';
import { useSettings } from './settings-store';

async function applyEdits(api: RelayboxApi, edits: readonly ImportEdit[]): Promise<void> {
  // One call at a time, in importEdits' order; each is validated and hot-reloaded by the engine.
  for (const e of edits) {
    if (e.op === 'delete') await api.deletePathConf(e.name);
    else if (e.op === 'global') await api.patchGlobalConfig(e.patch);
    else if (e.op === 'pathDefaults') await api.patchPathDefaults(e.patch);
    else if (e.op === 'add') await api.addPathConf(e.name, e.conf);
    else await api.replacePathConf(e.name, e.conf);
  }
}

interface Imported { file: string; edits?: ImportEdit[]; issues: ConfigIssue[] }

export function YamlTab() {
  const t = useT();
  const api = useApp((s) => s.api);
  const data = useSettings((s) => s.data);
  const load = useSettings((s) => s.load);
  const [imported, setImported] = useState<Imported>();
  const [note, setNote] = useState<string>();
  const config = useMemo(() => (data ? assembleConfig(data) : undefined), [data]);
  if (!config) return null;
  const onFile = async (file: File) => {
    setNote(undefined);
    const parsed = parseConfigYaml(await file.text());
    setImported({ file: file.name, issues: parsed.issues, edits: parsed.config && importEdits(config, parsed.config) });
  };
  const apply = async () => {
    if (!api || !imported?.edits) return;
    try {
      await applyEdits(api, imported.edits);
      setNote(t('yaml_import_done'));
      setImported(undefined);
    } catch (e) {
      setNote(t('error_prefix', { error: (e as Error).message }));
    }
    await load(api);
  };
  const errors = imported?.issues.filter((i) => i.severity === 'error') ?? [];
  return (
    <div className="yaml-tab">
      <div className="toolbar">
        <button type="button" className="yaml-export" onClick={() => downloadText('mediamtx.yml', configYamlText(config), 'application/yaml')}>{t('yaml_export')}</button>
        <label className="file-button">{t('yaml_import')}
          <input type="file" className="yaml-import" accept=".yml,.yaml,text/yaml,application/yaml"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void onFile(f); }} />
        </label>
        {note && <span className="note" role="status">{note}</span>}
      </div>
      {imported && (
        <div className="import-result" role="status">
          {errors.length > 0 ? (
            <>
              <p className="error">{t('yaml_import_invalid')}</p>
              <ul className="issues">{errors.map((i, n) => <li key={n}>{i.message}</li>)}</ul>
            </>
          ) : (
            <p>
              {imported.edits?.length ? t('yaml_import_preview', { file: imported.file, n: imported.edits.length }) : t('yaml_import_none', { file: imported.file })}{' '}
              {!!imported.edits?.length && <button type="button" className="yaml-apply" onClick={() => void apply()}>{t('yaml_import_apply')}</button>}
              <button type="button" onClick={() => setImported(undefined)}>{t('yaml_import_cancel')}</button>
            </p>
          )}
        </div>
      )}
      <h3>{t('yaml_title')}</h3>
      <p className="muted">{t('yaml_note')} {t('yaml_secrets_hidden')}</p>
      <pre className="yaml-view" tabIndex={0}>{configYamlText(config, { redact: true })}</pre>
    </div>
  );
}
