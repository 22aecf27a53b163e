// One setting, rendered from its schema meta: the control follows the field kind, the help text is
// the schema's description, and the shared validator's message sits right under the input.
import type { FieldInfo } from '../../../../shared/config';
import { PasswordInput } from '../../components/PasswordInput';
import { FIELD_DESCRIPTIONS_ZH } from '../../i18n/settings-strings';
import { useApp, useT } from '../../store';
import { valueToText } from './field-text';
import { TextFieldInput } from './TextFieldInput';
import { UsersEditor } from './UsersEditor';

interface Props {
  info: FieldInfo;
  /** Field id (settings-model fieldId), used for the label and for tests. */
  id: string;
  value: unknown;
  error?: string;
  warning?: string;
  onChange: (value: unknown) => void;
}

function EnumList({ info, value, onChange, id }: Pick<Props, 'info' | 'value' | 'onChange' | 'id'>) {
  const list = Array.isArray(value) ? (value as string[]) : [];
  return (
    <span className="checks" id={id}>
      {info.values!.map((v) => (
        <label key={v}>
          <input type="checkbox" name={`${info.key}.${v}`} checked={list.includes(v)}
            onChange={(e) => onChange(e.target.checked ? [...list, v] : list.filter((x) => x !== v))} />{v}
        </label>
      ))}
    </span>
  );
}

function Control({ info, value, onChange, id }: Pick<Props, 'info' | 'value' | 'onChange' | 'id'>) {
  const t = useT();
  if (info.key === 'authInternalUsers') return <UsersEditor id={id} value={value} onChange={onChange} />;
  if (info.secret) return <PasswordInput id={id} name={info.key} value={typeof value === 'string' ? value : ''} onChange={onChange} />;
  switch (info.kind) {
    case 'boolean':
      return <label className="switch"><input id={id} name={info.key} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />{t('settings_yes')}</label>;
    case 'enum':
      return (
        <select id={id} name={info.key} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          {info.values!.map((v) => <option key={v} value={v}>{v === '' ? '—' : v}</option>)}
        </select>
      );
    case 'list':
      if (info.values) return <EnumList info={info} value={value} onChange={onChange} id={id} />;
      return <TextFieldInput kind="list" id={id} name={info.key} value={value} onChange={onChange} />;
    case 'objects':
      return <TextFieldInput kind="objects" id={id} name={info.key} value={value} onChange={onChange} multiline />;
    default:
      return <TextFieldInput kind={info.kind} id={id} name={info.key} value={value} onChange={onChange} />;
  }
}

export function SettingsField({ info, id, value, error, warning, onChange }: Props) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const description = (lang === 'zh-CN' && FIELD_DESCRIPTIONS_ZH[info.key]) || info.description;
  const def = info.secret ? '' : info.kind === 'boolean' ? t(info.default ? 'settings_yes' : 'settings_no') : valueToText(info.kind, info.default);
  return (
    <div className={`setting${error ? ' invalid' : ''}`} data-setting={id}>
      <label className="setting-key" htmlFor={id}><code>{info.key}</code></label>
      <div className="setting-control">
        <Control info={info} value={value} onChange={onChange} id={id} />
        {error && <div className="field-error" role="alert">{error}</div>}
        {!error && warning && <div className="field-warning">{warning}</div>}
        <div className="setting-help muted">
          {description}
          {info.kind !== 'objects' && def !== '' && <> · {t('settings_default', { value: def })}</>}
        </div>
      </div>
    </div>
  );
}
