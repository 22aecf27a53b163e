// Config file I/O for the engine (Node only). The schema and pure helpers are in src/shared/config.

export { parseConfigText, parseConfigTextDetailed, type ParsedConfigText } from './parse';
export { loadConfigFile, findConfigFile, CONFIG_FILE_NAMES, type LoadedConfigFile } from './load';
export { saveConfig, configFileText, renderConfigFile } from './save';
export { exportMediamtx } from './export';
export { writeFileAtomic } from './atomic-write';
