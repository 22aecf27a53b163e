// authInternalUsers as a table: user, password (masked), allowed IPs, permissions.
import type { AuthInternalUser, AuthPermission } from '../../../../shared/config';
import { PasswordInput } from '../../components/PasswordInput';
import { useT } from '../../store';
import { ParsedInput, TextFieldInput } from './TextFieldInput';
import { permissionsToText, textToPermissions } from './users-text';

export function UsersEditor({ value, onChange, id }: { value: unknown; onChange: (v: unknown) => void; id: string }) {
  const t = useT();
  const users = Array.isArray(value) ? (value as AuthInternalUser[]) : [];
  const update = (i: number, patch: Partial<AuthInternalUser>) => onChange(users.map((u, j) => (j === i ? { ...u, ...patch } : u)));
  return (
    <table className="users" id={id}>
      <thead><tr><th>{t('users_user')}</th><th>{t('users_pass')}</th><th>{t('users_ips')}</th><th>{t('users_permissions')}</th><th /></tr></thead>
      <tbody>
        {users.map((u, i) => (
          <tr key={i} data-user-row={i}>
            <td><input name="user" value={u.user} onChange={(e) => update(i, { user: e.target.value })} /></td>
            <td><PasswordInput name="pass" value={u.pass ?? ''} onChange={(pass) => update(i, { pass })} /></td>
            <td><TextFieldInput kind="list" id={`${id}-${i}-ips`} name="ips" value={u.ips ?? []} onChange={(ips) => update(i, { ips: ips as string[] })} /></td>
            <td>
              <ParsedInput name="permissions" value={u.permissions ?? []} format={(v) => permissionsToText(v as AuthPermission[])}
                parse={textToPermissions} onChange={(p) => update(i, { permissions: p as AuthPermission[] })} />
            </td>
            <td><button type="button" onClick={() => onChange(users.filter((_, j) => j !== i))}>{t('users_remove')}</button></td>
          </tr>
        ))}
      </tbody>
      <tfoot><tr><td colSpan={5}>
        <button type="button" onClick={() => onChange([...users, { user: '', pass: '', ips: [], permissions: [{ action: 'read', path: '' }] }])}>{t('users_add')}</button>
      </td></tr></tfoot>
    </table>
  );
}
