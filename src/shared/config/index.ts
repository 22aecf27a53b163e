// The config contract: schema, types, defaults, validation and pure editing helpers.
// Browser-safe (no Node APIs): the renderer's settings screen uses the same code as the engine.

export * from './schema';
export { defaultConfig, mediamtxDefaultConfig, MEDIAMTX_DEFAULT_OVERRIDES } from './defaults';
export { DEFAULT_AUTH_INTERNAL_USERS, LOG_LEVELS, LOG_DESTINATIONS, AUTH_METHODS, ENCRYPTION_MODES, RTSP_TRANSPORTS, RTSP_AUTH_METHODS, HLS_VARIANTS } from './global-schema';
export { RECORD_FORMATS, RTSP_SOURCE_TRANSPORTS, SOURCE_URL_SCHEMES, sourceScheme } from './path-schema';
export { AUTH_ACTIONS, type AuthAction, type AuthPermission, type AuthInternalUser, type WebRTCICEServer, type ForwardTarget, type AlwaysAvailableTrack } from './item-schemas';
export type { ConfigIssue, ConfigIssueCode, KeyPath, Locator, SourcePos } from './issues';
export { hasErrors, redactText } from './issues';
export { parseDuration, parseDurationOr, checkDuration } from './duration';
export { parseAddress, checkAddress, formatAddress, type ListenAddress } from './address';
export { parseSize, checkSize } from './size';
export { isIpOrCidr, isIPv4, isIPv6 } from './ip';
export { checkPathName, checkConfName, compilePathRegex, isAllOthersName, isStaticConfName, ALL_OTHERS_NAMES } from './path-name';
export { validateConfigObject, inspectConfigObject, type ConfigResult, type ValidateOptions } from './validate';
export type { ConfigRead, SectionRead, PathSectionRead } from './read-config';
export { patchGlobal, patchPathDefaults, addPath, patchPath, replacePath, deletePath } from './edit';
export { diffConfig, type ConfigDiff } from './diff';
export { resolvePathConf } from './resolve';
export { PathConfIndex, findPathConf, type FindPathConfResult, type PathConfMatch } from './path-conf-index';
export { configFileObject, RELAYBOX_ONLY_KEYS } from './file-object';
export { GLOBAL_ALIASES, PATH_ALIASES, DROPPED_KEYS, findAlias, type KeyAlias } from './aliases';
export { NOT_YET_SUPPORTED, unsupportedRule, type UnsupportedRule } from './unsupported';
export { editDistance, nearestKey } from './suggest';
export { jsonEqual, cloneJson } from './json';
