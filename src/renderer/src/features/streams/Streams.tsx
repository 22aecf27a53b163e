import { useState } from 'react';
import { redactText } from '../../../../shared/config';
import { streamHost } from '../../bridge';
import { useApp, useProtocolPorts, useT } from '../../store';
import { buildStreamUrls, hostChoices, isLoopback, type Credentials } from '../../urls';
import { usePathConfig, type PathConfig } from '../../usePathConfig';
import { AddRestreamForm, AddSourceForm } from './PathConfForms';
import { StreamCard } from './StreamCard';
import { useForwards } from './useForwards';

function credsOf(user: unknown, pass: unknown): Credentials | undefined {
  return typeof user === 'string' && user ? { user, pass: typeof pass === 'string' ? pass : '' } : undefined;
}

/** "Add source" / "Add restream": buttons that open one form at a time. */
function PathConfBar({ config }: { config: PathConfig }) {
  const t = useT();
  const [open, setOpen] = useState<'source' | 'restream'>();
  const [note, setNote] = useState<string>();
  const done = (saved?: string) => { setOpen(undefined); setNote(saved); };
  return (
    <div className="path-conf-bar">
      {note && <p className="note path-conf-note" role="status">{note}</p>}
      {!open && (
        <div className="toolbar">
          <button type="button" className="add-source-open" onClick={() => { setNote(undefined); setOpen('source'); }}>{t('add_source')}</button>
          <button type="button" className="add-restream-open" onClick={() => { setNote(undefined); setOpen('restream'); }}>{t('add_restream')}</button>
        </div>
      )}
      {open === 'source' && <AddSourceForm config={config} onDone={done} />}
      {open === 'restream' && <AddRestreamForm config={config} onDone={done} />}
    </div>
  );
}

/** Which host the URLs use: this page's, loopback, or a LAN address for phones and other PCs. */
function HostPicker({ value, onChange }: { value: string; onChange: (host: string) => void }) {
  const t = useT();
  const addresses = useApp((s) => s.addresses);
  const choices = hostChoices(streamHost(), addresses);
  if (choices.length < 2) return null;
  return (
    <label className="host-picker">{t('urls_for')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {choices.map((c) => <option key={c.host} value={c.host}>{t(`host_${c.role}`, { host: c.host })}</option>)}
      </select>
    </label>
  );
}

export function Streams() {
  const t = useT();
  const paths = useApp((s) => s.paths);
  const api = useApp((s) => s.api);
  const config = usePathConfig();
  const confs = new Map(config.confs.map((c) => [c.name, c]));
  const removeForward = (name: string, index: number) => {
    const own = confs.get(name);
    if (!api || !own) return;
    api.patchPathConf(name, { forward: own.forward.filter((_, i) => i !== index) })
      .then(() => config.reload(), (e: Error) => useApp.setState({ error: e.message }));
  };
  const forwards = useForwards();
  const ports = useProtocolPorts();
  const [host, setHost] = useState(streamHost);
  if (!paths.length) {
    const example = buildStreamUrls('mystream', host, ports).rtmp ?? 'rtmp://…';
    return (
      <>
        <p className="empty">{t('streams_empty', { url: example })}</p>
        <PathConfBar config={config} />
      </>
    );
  }
  return (
    <>
      <HostPicker value={host} onChange={setHost} />
      <PathConfBar config={config} />
      <ul className="streams">
        {paths.map((p) => {
          const c = confs.get(p.confName);
          const creds = { publish: credsOf(c?.publishUser, c?.publishPass), read: credsOf(c?.readUser, c?.readPass) };
          const urls = buildStreamUrls(p.name, host, ports, creds);
          // The preview loads from the page's own host: the page's CSP allows that one (and loopback).
          const previewUrls = host === streamHost() ? urls : buildStreamUrls(p.name, streamHost(), ports, creds);
          const configured = (c?.forward ?? []).map((f) => ({ dest: f.dest, shown: redactText(f.dest) }));
          return (
            <StreamCard key={p.name} path={p} urls={urls} previewUrls={previewUrls} localOnly={isLoopback(host)}
              forwards={forwards.get(p.name) ?? []} configuredForwards={configured}
              onRemoveForward={c?.name === p.name ? (i) => removeForward(p.name, i) : undefined} />
          );
        })}
      </ul>
    </>
  );
}
