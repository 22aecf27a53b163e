import { useEffect, useState } from 'react';
import type { NamedPathConf } from '../../../../shared/api';
import { streamHost } from '../../bridge';
import { protocolPorts } from '../../selectors';
import { useApp, useT } from '../../store';
import { buildStreamUrls, type Credentials } from '../../urls';
import { StreamCard } from './StreamCard';

function creds(user: unknown, pass: unknown): Credentials | undefined {
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

export function Streams() {
  const t = useT();
  const paths = useApp((s) => s.paths);
  const status = useApp((s) => s.status);
  const confs = usePathConfs();
  const ports = protocolPorts(status);
  const host = streamHost();
  if (!paths.length) {
    const example = buildStreamUrls('mystream', host, ports).rtmp ?? 'rtmp://…';
    return <p className="empty">{t('streams_empty', { url: example })}</p>;
  }
  return (
    <ul className="streams">
      {paths.map((p) => {
        const c = confs.get(p.confName);
        const urls = buildStreamUrls(p.name, host, ports, {
          publish: creds(c?.publishUser, c?.publishPass), read: creds(c?.readUser, c?.readPass),
        });
        return <StreamCard key={p.name} path={p} urls={urls} />;
      })}
    </ul>
  );
}
