import { useEffect } from 'react';
import { connectApi } from './bridge';
import { Home } from './features/home/Home';
import { Capture } from './features/capture/Capture';
import { Diagnostics } from './features/diagnostics/Diagnostics';
import { Logs } from './features/logs/Logs';
import { Recordings } from './features/recordings/Recordings';
import { Settings } from './features/settings/Settings';
import { Streams } from './features/streams/Streams';
import { LANG_NAMES, type Lang } from './i18n/strings';
import { useApp, useT, type Screen } from './store';

const SCREENS: Screen[] = ['home', 'streams', 'recordings', 'capture', 'settings', 'logs', 'diagnostics'];

function LanguageSwitch() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const setLang = useApp((s) => s.setLang);
  return (
    <label className="lang">{t('language')}{' '}
      <select className="lang-select" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {(Object.keys(LANG_NAMES) as Lang[]).map((l) => <option key={l} value={l}>{LANG_NAMES[l]}</option>)}
      </select>
    </label>
  );
}

export function App() {
  const t = useT();
  const connect = useApp((s) => s.connect);
  const screen = useApp((s) => s.screen);
  const setScreen = useApp((s) => s.setScreen);
  const error = useApp((s) => s.error);
  const lang = useApp((s) => s.lang);
  useEffect(() => connect(connectApi()), [connect]);
  useEffect(() => { document.documentElement.lang = lang; }, [lang]);
  return (
    <>
      <header>
        <h1>{t('appTitle')}</h1>
        <nav>
          {SCREENS.map((s) => (
            <button key={s} type="button" data-nav={s} aria-current={screen === s ? 'page' : undefined}
              onClick={() => setScreen(s)}>{t(`nav_${s}`)}</button>
          ))}
        </nav>
        <LanguageSwitch />
      </header>
      {error && <p className="error" role="alert">{t('error_prefix', { error })}</p>}
      <main>
        {screen === 'home' && <Home />}
        {screen === 'streams' && <Streams />}
        {screen === 'recordings' && <Recordings />}
        {screen === 'capture' && <Capture />}
        {screen === 'settings' && <Settings />}
        {screen === 'logs' && <Logs />}
        {screen === 'diagnostics' && <Diagnostics />}
      </main>
    </>
  );
}
