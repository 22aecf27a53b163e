// A secret value, masked until the user asks to see it.
import { useState } from 'react';
import { useT } from '../store';

export function PasswordInput({ value, onChange, name, id }: { value: string; onChange: (v: string) => void; name: string; id?: string }) {
  const t = useT();
  const [shown, setShown] = useState(false);
  return (
    <span className="password">
      <input id={id} name={name} type={shown ? 'text' : 'password'} autoComplete="new-password" value={value}
        onChange={(e) => onChange(e.target.value)} />
      <button type="button" className="reveal" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? t('settings_hide') : t('settings_show')}
      </button>
    </span>
  );
}
