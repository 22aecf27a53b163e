// Raw pipelines state for the Capture screen: the list (refreshed by the 'pipelines' event), what
// this machine's FFmpeg can do, and its capture devices. Actions take the API explicitly so the
// store works with any transport.
import { create } from 'zustand';
import type { RelayboxApi } from '../../../../shared/api';
import type { DeviceListing, PipelineCapabilities, PipelineInfo } from '../../../../shared/pipelines';

interface CaptureState {
  items: PipelineInfo[];
  caps?: PipelineCapabilities;
  capsError?: string;
  devices?: DeviceListing;
  devicesLoading: boolean;
  /** The last failed action or load, as the API said it. */
  error?: string;
  load(api: RelayboxApi): Promise<void>;
  setItems(items: PipelineInfo[]): void;
  loadDevices(api: RelayboxApi): Promise<void>;
  /** Runs one API action; a returned PipelineInfo replaces the listed one at once. False when it failed. */
  run(api: RelayboxApi, action: (api: RelayboxApi) => Promise<PipelineInfo | void>): Promise<boolean>;
  /** Deletes and drops it from the list without waiting for the event. */
  remove(api: RelayboxApi, name: string): Promise<boolean>;
}

/** Keeps the list's order; a new pipeline goes last. */
export function upsertPipeline(items: readonly PipelineInfo[], info: PipelineInfo): PipelineInfo[] {
  const i = items.findIndex((p) => p.name === info.name);
  return i < 0 ? [...items, info] : items.map((p, j) => (j === i ? info : p));
}

export const useCapture = create<CaptureState>((set, get) => ({
  items: [],
  devicesLoading: false,
  async load(api) {
    try {
      set({ items: (await api.listPipelines()).items, error: undefined });
    } catch (e) {
      set({ error: (e as Error).message });
    }
    // Capabilities probe FFmpeg (a few seconds the first time): the list does not wait for them.
    api.getPipelineCapabilities().then(
      (caps) => set({ caps, capsError: caps.error }),
      (e: Error) => set({ capsError: e.message }),
    );
  },
  setItems: (items) => set({ items }),
  async loadDevices(api) {
    if (get().devicesLoading) return;
    set({ devicesLoading: true });
    try {
      set({ devices: await api.listCaptureDevices() });
    } catch (e) {
      set({ devices: { devices: [], warnings: [(e as Error).message] } });
    } finally {
      set({ devicesLoading: false });
    }
  },
  async run(api, action) {
    try {
      const info = await action(api);
      set({ error: undefined, ...(info ? { items: upsertPipeline(get().items, info) } : {}) });
      return true;
    } catch (e) {
      set({ error: (e as Error).message });
      return false;
    }
  },
  async remove(api, name) {
    // Over HTTP the delete answers with a body of its own: nothing to put in the list.
    const ok = await get().run(api, async (a) => { await a.deletePipeline(name); });
    if (ok) set({ items: get().items.filter((p) => p.name !== name) });
    return ok;
  },
}));
