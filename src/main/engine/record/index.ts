// Recording (issue 8 §4): the recorder service, segment files on disk, and the templates that
// name them. The playback server and the control API read recordings through ./store.
export { RecordService, createRecordService, CLEANER_INTERVAL_MS } from './service';
export { PathRecorder, recordSettingsKey, type PathRecorderOptions } from './path-recorder';
export { RecordSegmenter, type RecordEvent, type RecordSegmenterOptions } from './segmenter';
export { formatRecordPath, parseRecordPath, recordBaseDir, recordExtension, type RecordFormat, type ParsedRecordPath } from './record-path';
export { findSegments, findAllRecordings, segmentsOf, deleteSegment, recordFormatOf, SegmentNotFoundError, type RecordingSegmentFile } from './store';
export { cleanRecordings, type RecordCleanerOptions } from './cleaner';
