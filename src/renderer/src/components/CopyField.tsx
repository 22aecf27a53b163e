// A read-only value with a copy button: the user pastes these into OBS, VLC, ffmpeg.
import { useState } from 'react';
import { copyText } from '../clipboard';
import { useT } from '../store';

export function CopyField({ label, value, name }: { label: string; value: string; name: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field" data-field={name}>
      <label>
        <span className="copy-label">{label}</span>
        <input readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button type="button" onClick={() => {
        void copyText(value).then(() => { setCopied(true); setTimeout(() => setCopied(false), 1500); });
      }}>{copied ? t('copied') : t('copy')}</button>
    </div>
  );
}
