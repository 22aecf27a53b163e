// `relaybox serve|check-ports|--version`: the engine without Electron (package.json "bin").
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig, parseAddress, type Config, type ConfigIssue } from '../shared/config';
import { exportMediamtx, findConfigFile, loadConfigFile } from './engine/config';
import { createEngine, RELAYBOX_VERSION } from './engine';
import { portSpecs } from './engine/listeners';
import { LogHub } from './engine/log';
import { checkPorts, formatPortTable } from './engine/system';
import { configureUi } from './engine/servers/api/ui';

const USAGE = `Relaybox ${RELAYBOX_VERSION}: RTSP / RTMP / HLS / WebRTC media server

usage:
  relaybox serve [--config FILE] [--ui] run the media server (default: ./relaybox.yml or
                                        ./mediamtx.yml if present, else built-in defaults);
                                        --ui also serves the studio GUI on the control API
  relaybox check-ports [--config FILE]  show every configured port: free, or held by whom
  relaybox export-config [--config FILE] print the configuration as a plain mediamtx.yml
  relaybox --version

The config file uses MediaMTX's format; MediaMTX's own mediamtx.yml loads as it is.`;

interface Loaded {
  config: Config;
  file?: string;
  issues: ConfigIssue[];
}

async function load(explicit: string | undefined): Promise<Loaded | undefined> {
  const file = findConfigFile(explicit);
  if (!file) return { config: defaultConfig(), issues: [] };
  const { config, issues } = await loadConfigFile(file);
  const errors = issues.filter((i) => i.severity === 'error');
  if (!config || errors.length) {
    console.error(`relaybox: cannot use ${file}:`);
    for (const e of errors) console.error(`  ${e.message}`);
    return undefined;
  }
  return { config, file, issues };
}

async function serve(explicit: string | undefined, ui: boolean): Promise<number> {
  const loaded = await load(explicit);
  if (!loaded) return 1;
  const { config, file, issues } = loaded;
  const log = new LogHub({ level: config.logLevel, destinations: config.logDestinations as never, file: config.logFile });
  const main = log.logger('relaybox');
  main.info(`Relaybox v${RELAYBOX_VERSION}`);
  if (file) main.info(`configuration loaded from ${file}`);
  for (const w of issues) main.warn(w.message);
  // Without a file, edits made in the GUI/API still persist: to ./relaybox.yml, created on first edit.
  const configFile = file ?? resolve('relaybox.yml');
  if (!file) main.info(`no configuration file found: running on built-in defaults; changes made through the API are saved to ${configFile}`);

  // Random per run, like Jupyter: printed once below (stdout only, never through the logger).
  const uiToken = ui ? randomBytes(24).toString('base64url') : undefined;
  if (uiToken) configureUi({ dir: resolve(__dirname, '../renderer'), token: uiToken });
  const engine = createEngine({ config, configFile, log });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(130);
    }
    stopping = true;
    main.info(`${signal} received, shutting down`);
    await engine.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await engine.start();
  if (!engine.anyListening()) {
    main.error('nothing could start: every listener failed (see above). Run `relaybox check-ports` to see who holds the ports.');
    await engine.stop();
    return 2;
  }
  const s = engine.status();
  if (s.state === 'partial') main.warn('some listeners could not start; the others are serving (see above)');
  if (uiToken) {
    const api = s.listeners.find((l) => l.name === 'api');
    if (api?.state !== 'listening') main.error('--ui: the control API is not listening, so the GUI cannot be served (see above)');
    else {
      const host = parseAddress(engine.config.apiAddress).host;
      const shown = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const scheme = engine.config.apiEncryption ? 'https' : 'http';
      console.log(`Relaybox UI: ${scheme}://${shown}:${api.port}/ui/?token=${uiToken}`);
    }
  }
  return -1; // keep running
}

async function checkPortsCommand(explicit: string | undefined): Promise<number> {
  const loaded = await load(explicit);
  if (!loaded) return 1;
  const checks = await checkPorts(portSpecs(loaded.config));
  console.log(formatPortTable(checks));
  return checks.every((c) => c.free) ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { config: { type: 'string', short: 'c' }, ui: { type: 'boolean' }, version: { type: 'boolean', short: 'v' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    console.error(`relaybox: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const cmd = positionals[0];
  if (values.version || cmd === 'version') {
    console.log(RELAYBOX_VERSION);
    return 0;
  }
  if (values.help || cmd === 'help' || !cmd) {
    console.log(USAGE);
    return cmd || values.help ? 0 : 1;
  }
  switch (cmd) {
    case 'serve': return serve(values.config, values.ui ?? false);
    case 'check-ports': return checkPortsCommand(values.config);
    case 'export-config': {
      const loaded = await load(values.config);
      if (!loaded) return 1;
      process.stdout.write(exportMediamtx(loaded.config));
      return 0;
    }
    default:
      console.error(`relaybox: unknown command "${cmd}"\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exitCode = code; if (code > 0) setImmediate(() => process.exit(code)); },
  (err) => { console.error(`relaybox: ${(err as Error).stack ?? err}`); process.exit(1); },
);
