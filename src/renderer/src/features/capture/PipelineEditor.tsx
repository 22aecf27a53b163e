// Add or edit one pipeline: name (new only), source kind and its fields, output path, size, rate,
// bitrate and encoder. Checked while typing with the contract's schema; nothing is sent while a
// message shows.
import { useState, type FormEvent } from 'react';
import { PIPELINE_KINDS, type PipelineDef } from '../../../../shared/pipelines';
import { useApp, useT } from '../../store';
import { useCapture } from './capture-store';
import { DraftField, NumberInput, Switch, TextInput } from './DraftField';
import { KindFields } from './KindFields';
import {
  draftFromDef, draftToDef, draftToPatch, encoderChoices, newDraft, RESOLUTIONS, validateDraft, withResolution, type PipelineDraft,
} from './pipeline-draft';

interface Props {
  /** The pipeline being edited; absent for a new one. */
  existing?: { name: string; def: PipelineDef };
  onDone: () => void;
}

export function PipelineEditor({ existing, onDone }: Props) {
  const t = useT();
  const api = useApp((s) => s.api);
  const caps = useCapture((s) => s.caps);
  const names = useCapture((s) => s.items.map((p) => p.name).join('\n'));
  const run = useCapture((s) => s.run);
  const [draft, setDraft] = useState<PipelineDraft>(() => (existing ? draftFromDef(existing.name, existing.def) : newDraft()));
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof PipelineDraft>(key: K, value: PipelineDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const errors = validateDraft(draft, { isNew: !existing, taken: names ? names.split('\n') : [], nameTaken: t('cap_name_taken') });
  const valid = Object.keys(errors).length === 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!api || !valid || saving) return;
    setSaving(true);
    const ok = await run(api, (a) => (existing
      ? a.patchPipeline(existing.name, draftToPatch(draft, existing.def) as never)
      : a.addPipeline(draft.name, draftToDef(draft))));
    setSaving(false);
    if (ok) onDone();
  };

  return (
    <form className="pipeline-editor settings-group" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{existing ? t('cap_edit_title', { name: existing.name }) : t('cap_new_title')}</h3>
      {!existing && (
        <DraftField name="name" label={t('cap_f_name')} error={errors.name}>
          <TextInput name="name" value={draft.name} onChange={(v) => set('name', v)} />
        </DraftField>
      )}
      <DraftField name="kind" label={t('cap_f_kind')} error={errors.kind}>
        <select id="pipeline-kind" name="kind" value={draft.kind} onChange={(e) => set('kind', e.target.value as PipelineDraft['kind'])}>
          {PIPELINE_KINDS.map((k) => <option key={k} value={k}>{t(`cap_kind_${k}`)}</option>)}
        </select>
      </DraftField>
      <KindFields draft={draft} errors={errors} set={set} />
      <DraftField name="path" label={t('cap_f_path')} error={errors.path} hint={t('cap_f_path_hint')}>
        <TextInput name="path" value={draft.path} placeholder={draft.name || existing?.name} onChange={(v) => set('path', v)} />
      </DraftField>
      <DraftField name="resolution" label={t('cap_f_resolution')} error={errors.width ?? errors.height}>
        <select id="pipeline-resolution" name="resolution" value={draft.resolution} onChange={(e) => setDraft((d) => withResolution(d, e.target.value))}>
          {RESOLUTIONS.map((r) => <option key={r} value={r}>{r.replace('x', '×')}</option>)}
          <option value="custom">{t('cap_f_custom')}</option>
        </select>
        {draft.resolution === 'custom' && (
          <span className="size-inputs">
            {' '}<NumberInput name="width" value={draft.width} placeholder={t('cap_f_width')} onChange={(v) => set('width', v)} />
            {' × '}<NumberInput name="height" value={draft.height} placeholder={t('cap_f_height')} onChange={(v) => set('height', v)} />
          </span>
        )}
      </DraftField>
      <DraftField name="fps" label={t('cap_f_fps')} error={errors.fps}>
        <NumberInput name="fps" value={draft.fps} onChange={(v) => set('fps', v)} />
      </DraftField>
      <DraftField name="bitrateKbps" label={t('cap_f_bitrate')} error={errors.bitrateKbps}>
        <NumberInput name="bitrateKbps" value={draft.bitrateKbps} placeholder={t('cap_f_auto')} onChange={(v) => set('bitrateKbps', v)} />
      </DraftField>
      <DraftField name="encoder" label={t('cap_f_encoder')} error={errors.encoder}>
        <select id="pipeline-encoder" name="encoder" value={draft.encoder} onChange={(e) => set('encoder', e.target.value as PipelineDraft['encoder'])}>
          {encoderChoices(caps, draft.encoder).map((c) => (
            <option key={c.value} value={c.value}>
              {c.value === 'auto' ? t('cap_enc_auto') : c.available ? c.value : t('cap_enc_unavailable', { name: c.value })}
            </option>
          ))}
        </select>
      </DraftField>
      {draft.kind !== 'desktop' && (
        <DraftField name="audioBitrateKbps" label={t('cap_f_audio_bitrate')} error={errors.audioBitrateKbps}>
          <NumberInput name="audioBitrateKbps" value={draft.audioBitrateKbps} onChange={(v) => set('audioBitrateKbps', v)} />
        </DraftField>
      )}
      <DraftField name="autoStart" label="" error={errors.autoStart}>
        <Switch name="autoStart" value={draft.autoStart} onChange={(v) => set('autoStart', v)} label={t('cap_f_autostart')} />
      </DraftField>
      {errors._ && <p className="field-error" role="alert">{errors._}</p>}
      <div className="toolbar">
        <button type="submit" className="pipeline-save" disabled={!valid || saving || !api}>{existing ? t('cap_save') : t('cap_create')}</button>
        <button type="button" className="pipeline-cancel" onClick={onDone}>{t('cap_cancel')}</button>
      </div>
    </form>
  );
}
