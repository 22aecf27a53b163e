// The stream core's public API: paths, auth, streams, readers (DESIGN §6).
//
// How a protocol server uses it (depend on Pick<PathManager, 'addPublisher' | 'addReader'>):
//   publish:  const r = await paths.addPublisher({ path, query, ip, user, pass, protocol: 'rtmp',
//               id, session: { close: (why) => conn.close(why) } });
//             if (!r.ok) → answer per r.code (see PathErrorCode);
//             const stream = r.publisher.setTracks(tracks); stream.writeUnit(au) …;
//             on socket close: r.publisher.close().
//   read:     const r = await paths.addReader({ … }); if (!r.ok) → 404/StreamNotFound/401 …;
//             const sub = r.reader.subscribe({ format, sink }); socket.on('drain', () => sub.resume());
//             sink.end(reason) = the publisher went away (send UnpublishNotify); the session's
//             close(reason) follows. On socket close: r.reader.close().
//   The core closes sessions itself on override, reload, writeTimeout and shutdown.
export { PathManager, DEFAULT_WRITE_TIMEOUT_MS } from './path-manager';
export type { PathManagerOptions, PathManagerEvents, OnDemandHook, ReloadOutcome } from './path-manager';
export type {
  AddPublisherResult,
  AddReaderResult,
  PathAccessRequest,
  PathErrorCode,
  PathFailure,
  PathPublisher,
  PathReader,
  SessionControl,
  SessionProtocol,
} from './path-requests';
export { sessionTypeOf } from './path-requests';
export { mediamtxCodecName } from './path-info';
export {
  authorizeInternal,
  checkCredentials,
  checkInternalUsers,
  checkLegacyCredentials,
  hasPermission,
  usesLegacyCredentials,
} from './auth';
export type { AuthRequest, AuthResult, AuthFailureCode } from './auth';
export { AuthFailureThrottle } from './auth-throttle';
export type { AuthThrottleOptions } from './auth-throttle';
export { credentialMatches, hashCredentialSha256 } from './password';
export { ipMatches, invalidIpEntries } from './ip-match';
export {
  Stream,
  accessUnitByteLength,
  DEFAULT_AUDIO_WINDOW_MS,
  DEFAULT_GOP_CACHE_MAX_BYTES,
  DEFAULT_WRITE_QUEUE_SIZE,
} from './stream';
export type { StreamOptions, AddStreamReaderOptions } from './stream';
export { StreamReader } from './reader';
export type { StreamReaderStats } from './reader';
export { byteLengthOf } from './format';
export type { OutputFormat, FormatEncoder, ReaderSink, EncodedUnit } from './format';
// Declared in src/shared (the contract); re-exported for consumers that know only the core.
// Path lookup itself (PathConfIndex, findPathConf, checkPathName) is imported from src/shared/config.
export type { PathInfo } from '../../../shared/api';
export type {
  AuthAction,
  AuthInternalUser,
  AuthPermission,
  Config,
  FindPathConfResult,
  GlobalConf,
  PathConf,
  PathConfMatch,
} from '../../../shared/config';
