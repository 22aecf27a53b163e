// "Send test stream": starts Relaybox's test-pattern pipeline (issue 7) into path "test", so a
// user can check preview and players without OBS. The pipeline is created on first use.
import { useEffect, useState } from 'react';
import { RelayboxApiError, type RelayboxApi } from '../../../../shared/api';
import type { PipelineInfo } from '../../../../shared/pipelines';
import { useApp, useT } from '../../store';

export const TEST_PIPELINE = 'test-pattern';
export const TEST_PATH = 'test';

async function startTestStream(api: RelayboxApi): Promise<PipelineInfo> {
  try {
    return await api.startPipeline(TEST_PIPELINE);
  } catch (e) {
    if (!(e instanceof RelayboxApiError) || e.status !== 404) throw e;
    // autoStart off: the test stream should not come back by itself on the next launch.
    await api.addPipeline(TEST_PIPELINE, { kind: 'testPattern', path: TEST_PATH, width: 1280, height: 720, fps: 30, autoStart: false });
    return api.startPipeline(TEST_PIPELINE);
  }
}

export function TestStream() {
  const t = useT();
  const api = useApp((s) => s.api);
  const state = useApp((s) => s.status?.state);
  const setScreen = useApp((s) => s.setScreen);
  const [info, setInfo] = useState<PipelineInfo>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    // Still running from an earlier visit to this screen?
    api?.listPipelines().then((r) => setInfo(r.items.find((p) => p.name === TEST_PIPELINE)), () => undefined);
  }, [api]);
  const running = info !== undefined && info.status.state !== 'stopped' && info.status.state !== 'failed';
  const act = (fn: (api: RelayboxApi) => Promise<PipelineInfo>) => {
    if (!api) return;
    setBusy(true);
    setError(undefined);
    fn(api).then(setInfo, (e: Error) => setError(e.message)).finally(() => setBusy(false));
  };
  const serverUp = state === 'running' || state === 'partial';
  return (
    <section className="test-stream">
      {running ? (
        <button type="button" className="test-stream-stop" disabled={busy} onClick={() => act((a) => a.stopPipeline(TEST_PIPELINE))}>{t('test_stop')}</button>
      ) : (
        <button type="button" className="test-stream-start" disabled={busy || !serverUp} onClick={() => act(startTestStream)}>{t('test_send')}</button>
      )}{' '}
      {running
        ? <span className="note" role="status">{t('test_running', { path: info.path })} <button type="button" className="link" onClick={() => setScreen('streams')}>{t('test_open_streams')}</button></span>
        : <span className="muted">{serverUp ? t('test_hint') : t('test_needs_server')}</span>}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
