// Loads what the Diagnostics screen shows that the app store does not already hold.
import { useCallback, useEffect, useState } from 'react';
import type { PortReport, ServerInfo } from '../../../../shared/api';
import type { PipelineCapabilities } from '../../../../shared/pipelines';
import { useApp } from '../../store';
import { configYamlText } from '../settings/config-yaml';
import { assembleConfig } from '../settings/settings-model';
import { loadSettings } from '../settings/settings-store';

export interface Diagnostics {
  info?: ServerInfo;
  capabilities?: PipelineCapabilities | { error: string };
  ports?: PortReport[];
  configYaml?: string;
  checking: boolean;
  checkPorts(): void;
}

export function useDiagnostics(): Diagnostics {
  const api = useApp((s) => s.api);
  const [info, setInfo] = useState<ServerInfo>();
  const [capabilities, setCapabilities] = useState<Diagnostics['capabilities']>();
  const [ports, setPorts] = useState<PortReport[]>();
  const [configYaml, setConfigYaml] = useState<string>();
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (!api) return;
    api.getInfo().then(setInfo, () => undefined);
    // FFmpeg probing may take a second or two the first time (capabilities are cached after).
    api.getPipelineCapabilities().then(setCapabilities, (e: Error) => setCapabilities({ error: e.message }));
    loadSettings(api).then((d) => setConfigYaml(configYamlText(assembleConfig(d), { redact: true })), () => undefined);
  }, [api]);
  const checkPorts = useCallback(() => {
    if (!api) return;
    setChecking(true);
    api.checkPorts().then(setPorts, () => undefined).finally(() => setChecking(false));
  }, [api]);
  return { info, capabilities, ports, configYaml, checking, checkPorts };
}
