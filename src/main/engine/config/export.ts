// Export as a plain MediaMTX file (DESIGN §8: move a setup to a MediaMTX fleet unchanged).

import type { Config } from '../../../shared/config';
import { renderConfigFile } from './save';

const EXPORT_HEADER = [
  ' MediaMTX configuration exported by Relaybox.',
  ' Settings not listed here have the same value as MediaMTX\'s defaults.',
].join('\n');

/**
 * A YAML file MediaMTX loads as is: only keys MediaMTX knows (Relaybox-only keys are left out),
 * values in MediaMTX's shapes, strings quoted where YAML 1.1 would misread them, and every key
 * whose value differs from MediaMTX's default or Relaybox's default written out.
 */
export function exportMediamtx(config: Config): string {
  return renderConfigFile(config, EXPORT_HEADER, { mediamtxOnly: true });
}
