import { CopyField } from '../../components/CopyField';
import { streamHost } from '../../bridge';
import { useProtocolPorts, useT } from '../../store';
import { buildStreamUrls } from '../../urls';

/** The path suggested to first-time users; any name works with the default `all_others`. */
export const GUIDE_PATH = 'mystream';

export function FirstRunGuide() {
  const t = useT();
  const urls = buildStreamUrls(GUIDE_PATH, streamHost(), useProtocolPorts());
  return (
    <section className="guide">
      <h2>{t('guide_title')}</h2>
      <ol>
        <li>{t('guide_1')}</li>
        <li>
          {t('guide_2')}
          {urls.obsServer && <CopyField name="guide-obs-server" label={t('obsServer')} value={urls.obsServer} />}
          {urls.obsServerTls && <CopyField name="guide-obs-server-tls" label={t('obsServerTls')} value={urls.obsServerTls} />}
          {urls.obsKey && <CopyField name="guide-obs-key" label={t('obsKey')} value={urls.obsKey} />}
        </li>
        <li>{t('guide_3')}</li>
      </ol>
    </section>
  );
}
