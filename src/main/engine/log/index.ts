// Public surface of the log module.
export type { Logger } from './logger';
export type { LogEntry, LogLevel } from '../../../shared/log';
export { LOG_LEVELS } from '../../../shared/log';
export { LogHub, type LogDestination, type LogHubOptions, type LogHubSettings, type LogListener } from './hub';
export { redact, redactUrl } from './redact';
export { nullLogger } from './null-logger';
export { collectingLogger, type CollectingLogger } from './collecting-logger';
export { RingBuffer } from './ring-buffer';
export { RotatingFileSink, type RotatingFileSinkOptions } from './file-sink';
export { formatLogLine, formatLogTime, formatModuleTag } from './format';
export { isLevelEnabled, LEVEL_RANK } from './levels';
