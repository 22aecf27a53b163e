import { useEffect, useState } from 'react';
import type { NamedPathConf } from '../../../../shared/api';
import { streamHost } from '../../bridge';
import { protocolPorts } from '../../selectors';
import { useApp, useT } from '../../store';
import { buildStreamUrls, hostChoices, type Credentials } from '../../urls';
import { StreamCard } from './StreamCard';

function credsOf(user: unknown, pass: unknown): Credentials | undefined {
  return typeof user === 'string' && user ? { user, pass: typeof pass === 'string' ? pass : '' } : undefined;
}

/** Path configs by name, for the publish/read credentials that belong in the URLs. */
function usePathConfs(): Map<string, NamedPathConf> {
  const api = useApp((s) => s.api);
  const [confs, setConfs] = useState(new Map<string, NamedPathConf>());
  useEffect(() => {
    api?.listPathConfs().then((r) => setConfs(new Map(r.items.map((c) => [c.name, c]))), () => undefined);
  }, [api]);
  return confs;
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
  const status = useApp((s) => s.status);
  const confs = usePathConfs();
  const ports = protocolPorts(status);
  const [host, setHost] = useState(streamHost);
  if (!paths.length) {
    const example = buildStreamUrls('mystream', host, ports).rtmp ?? 'rtmp://…';
    return <p className="empty">{t('streams_empty', { url: example })}</p>;
  }
  return (
    <>
      <HostPicker value={host} onChange={setHost} />
      <ul className="streams">
        {paths.map((p) => {
          const c = confs.get(p.confName);
          const creds = { publish: credsOf(c?.publishUser, c?.publishPass), read: credsOf(c?.readUser, c?.readPass) };
          const urls = buildStreamUrls(p.name, host, ports, creds);
          // The preview loads from the page's own host: the page's CSP allows that one (and loopback).
          const previewUrls = host === streamHost() ? urls : buildStreamUrls(p.name, streamHost(), ports, creds);
          return <StreamCard key={p.name} path={p} urls={urls} previewUrls={previewUrls} />;
        })}
      </ul>
    </>
  );
}
