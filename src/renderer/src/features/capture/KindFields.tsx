// The editor fields that belong to one source kind: tone and clock for the test pattern, the file
// and loop/once, the desktop capture method, camera and microphone from FFmpeg's device list, or
// the restream URL.
import { useEffect } from 'react';
import { useApp, useT } from '../../store';
import { useCapture } from './capture-store';
import { DraftField, NumberInput, Switch, TextInput } from './DraftField';
import { cameraChoices, desktopMethodChoices, deviceKey, micChoices, type DraftErrors, type PipelineDraft } from './pipeline-draft';
import type { CaptureDevice } from '../../../../shared/pipelines';

interface Props {
  draft: PipelineDraft;
  errors: DraftErrors;
  set: <K extends keyof PipelineDraft>(key: K, value: PipelineDraft[K]) => void;
}

function DeviceSelect({ name, value, devices, onChange }: { name: 'camera' | 'mic'; value: string; devices: CaptureDevice[]; onChange: (v: string) => void }) {
  const t = useT();
  // A stored device that is not plugged in now stays selectable, shown by its id.
  const listed = devices.some((d) => deviceKey(d) === value);
  return (
    <select id={`pipeline-${name}`} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('cap_device_none')}</option>
      {devices.map((d) => (
        <option key={deviceKey(d)} value={deviceKey(d)}>{d.name}{d.isDefault ? ' *' : ''} ({d.backend})</option>
      ))}
      {value && !listed && <option value={value}>{value}</option>}
    </select>
  );
}

function CameraFields({ draft, errors, set }: Props) {
  const t = useT();
  const api = useApp((s) => s.api);
  const devices = useCapture((s) => s.devices);
  const loading = useCapture((s) => s.devicesLoading);
  const loadDevices = useCapture((s) => s.loadDevices);
  useEffect(() => {
    if (api && !useCapture.getState().devices) void loadDevices(api);
  }, [api, loadDevices]);
  const cameras = cameraChoices(devices);
  const mics = micChoices(devices);
  return (
    <>
      <DraftField name="camera" label={t('cap_f_camera')} error={errors.camera}>
        <DeviceSelect name="camera" value={draft.camera} devices={cameras} onChange={(v) => set('camera', v)} />
      </DraftField>
      <DraftField name="mic" label={t('cap_f_mic')} error={errors.mic}>
        <DeviceSelect name="mic" value={draft.mic} devices={mics} onChange={(v) => set('mic', v)} />
      </DraftField>
      <div className="devices-bar">
        <button type="button" className="devices-refresh" disabled={loading || !api} onClick={() => api && void loadDevices(api)}>{t('cap_devices_refresh')}</button>{' '}
        {loading && <span className="muted">{t('cap_devices_loading')}</span>}
        {!loading && devices && cameras.length + mics.length === 0 && <span className="muted">{t('cap_devices_empty')}</span>}
        {devices?.warnings.map((w) => <div key={w} className="field-warning">{w}</div>)}
      </div>
    </>
  );
}

export function KindFields(props: Props) {
  const t = useT();
  const caps = useCapture((s) => s.caps);
  const { draft, errors, set } = props;
  switch (draft.kind) {
    case 'testPattern':
      return (
        <>
          <DraftField name="toneHz" label={t('cap_f_tone')} error={errors.toneHz}>
            <NumberInput name="toneHz" value={draft.toneHz} onChange={(v) => set('toneHz', v)} />
          </DraftField>
          <DraftField name="clock" label="" error={errors.clock} hint={caps && !caps.drawtext ? t('cap_f_clock_missing') : undefined}>
            <Switch name="clock" value={draft.clock} onChange={(v) => set('clock', v)} label={t('cap_f_clock')} />
          </DraftField>
        </>
      );
    case 'file':
      return (
        <>
          <DraftField name="file" label={t('cap_f_file')} error={errors.file}>
            <TextInput name="file" value={draft.file} onChange={(v) => set('file', v)} />
          </DraftField>
          <DraftField name="loop" label={t('cap_f_loop')} error={errors.loop}>
            <select id="pipeline-loop" name="loop" value={draft.loop ? 'loop' : 'once'} onChange={(e) => set('loop', e.target.value === 'loop')}>
              <option value="loop">{t('cap_loop')}</option>
              <option value="once">{t('cap_once')}</option>
            </select>
          </DraftField>
          <DraftField name="forceEncode" label="" error={errors.forceEncode}>
            <Switch name="forceEncode" value={draft.forceEncode} onChange={(v) => set('forceEncode', v)} label={t('cap_f_force_encode')} />
          </DraftField>
        </>
      );
    case 'desktop':
      return (
        <>
          <DraftField name="method" label={t('cap_f_method')} error={errors.method}>
            <select id="pipeline-method" name="method" value={draft.method} onChange={(e) => set('method', e.target.value as PipelineDraft['method'])}>
              {desktopMethodChoices(caps, draft.method).map((m) => <option key={m} value={m}>{m === 'auto' ? t('cap_method_auto') : m}</option>)}
            </select>
          </DraftField>
          <DraftField name="screen" label={t('cap_f_screen')} error={errors.screen}>
            <NumberInput name="screen" value={draft.screen} placeholder={t('cap_f_auto')} onChange={(v) => set('screen', v)} />
          </DraftField>
          {(draft.method === 'x11grab' || (draft.method === 'auto' && caps?.platform === 'linux')) && (
            <DraftField name="display" label={t('cap_f_display')} error={errors.display}>
              <TextInput name="display" value={draft.display} placeholder=":0.0" onChange={(v) => set('display', v)} />
            </DraftField>
          )}
          <DraftField name="drawMouse" label="" error={errors.drawMouse}>
            <Switch name="drawMouse" value={draft.drawMouse} onChange={(v) => set('drawMouse', v)} label={t('cap_f_draw_mouse')} />
          </DraftField>
        </>
      );
    case 'camera':
      return <CameraFields {...props} />;
    case 'restream':
      return (
        <>
          <DraftField name="input" label={t('cap_f_input')} error={errors.input} hint={t('cap_f_input_hint')}>
            <TextInput name="input" value={draft.input} onChange={(v) => set('input', v)} />
          </DraftField>
          <DraftField name="transcode" label="" error={errors.transcode}>
            <Switch name="transcode" value={draft.transcode} onChange={(v) => set('transcode', v)} label={t('cap_f_transcode')} />
          </DraftField>
        </>
      );
  }
}
