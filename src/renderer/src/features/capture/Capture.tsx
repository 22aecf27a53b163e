// The Capture screen (issue 9 §5): Relaybox's FFmpeg pipelines, live, with an editor for each
// source kind. Talks only to RelayboxApi (list/add/patch/start/stop/delete, devices, capabilities).
import { useState } from 'react';
import { useApp, useT } from '../../store';
import { useCapture } from './capture-store';
import { PipelineCard } from './PipelineCard';
import { PipelineEditor } from './PipelineEditor';
import { usePipelines } from './usePipelines';
import './capture.css';

/** Which editor is open: a new pipeline, an existing one by name, or none. */
type Editing = { kind: 'new' } | { kind: 'edit'; name: string } | undefined;

export function Capture() {
  const t = useT();
  const api = useApp((s) => s.api);
  const serverState = useApp((s) => s.status?.state);
  const items = useCapture((s) => s.items);
  const caps = useCapture((s) => s.caps);
  const capsError = useCapture((s) => s.capsError);
  const error = useCapture((s) => s.error);
  const [editing, setEditing] = useState<Editing>();
  usePipelines(api);
  const edited = editing?.kind === 'edit' ? items.find((p) => p.name === editing.name) : undefined;
  const serverUp = serverState === 'running' || serverState === 'partial';
  const ffmpeg = caps?.ffmpeg;
  return (
    <section className="capture">
      <h2>{t('cap_title')}</h2>
      <p className="muted">{t('cap_intro')}</p>
      {ffmpeg && 'path' in ffmpeg && <p className="muted" data-ffmpeg="found">{t('cap_ffmpeg', { version: ffmpeg.version, path: ffmpeg.path })}</p>}
      {capsError && <p className="error" data-ffmpeg="missing">{t('cap_ffmpeg_missing', { error: capsError })}</p>}
      {!serverUp && <p className="note cap-needs-server">{t('cap_needs_server')}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {items.length === 0 ? <p className="muted cap-empty">{t('cap_empty')}</p> : (
        <ul className="pipelines cards">
          {items.map((p) => <PipelineCard key={p.name} info={p} onEdit={() => setEditing({ kind: 'edit', name: p.name })} />)}
        </ul>
      )}
      {!editing && <button type="button" className="pipeline-new" onClick={() => setEditing({ kind: 'new' })}>{t('cap_add')}</button>}
      {editing?.kind === 'new' && <PipelineEditor onDone={() => setEditing(undefined)} />}
      {edited && <PipelineEditor key={edited.name} existing={{ name: edited.name, def: edited.def }} onDone={() => setEditing(undefined)} />}
    </section>
  );
}
