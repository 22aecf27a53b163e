// A Settings tab built from its groups (settings-sections.ts): global keys edit global/patch,
// path keys edit pathDefaults (what every path inherits).
import { useMemo } from 'react';
import { useT } from '../../store';
import { encryptionSwitchOf, fieldIndex, type SettingsGroup } from './settings-sections';
import { SettingsField } from './SettingsField';
import { useFieldEditor } from './useFieldEditor';

function Group({ group, fields }: { group: SettingsGroup; fields: ReturnType<typeof fieldIndex> }) {
  const t = useT();
  const bind = useFieldEditor(group.scope === 'global' ? { kind: 'global' } : { kind: 'pathDefaults' });
  return (
    <fieldset className="settings-group" data-group={group.id}>
      <legend>{t(`settings_group_${group.id}`)}</legend>
      {group.keys.map((key) => {
        const info = fields.get(`${group.scope}:${key}`);
        if (!info) return null;
        const field = <SettingsField key={key} info={info} {...bind(info)} />;
        const switchInfo = fields.get(`${group.scope}:${encryptionSwitchOf(key)}`);
        if (!switchInfo) return field;
        // Key and certificate sit under their switch, dimmed while it is off ("no" / false).
        const v = bind(switchInfo).value;
        const on = v === true || v === 'strict' || v === 'optional';
        return <div key={key} className="tls-file" data-tls-on={on}>{field}</div>;
      })}
    </fieldset>
  );
}

export function SectionForm({ groups }: { groups: readonly SettingsGroup[] }) {
  const fields = useMemo(() => fieldIndex(), []);
  return <div className="settings-form">{groups.map((g) => <Group key={g.id} group={g} fields={fields} />)}</div>;
}
