// TLS for the engine's listeners, as MediaMTX has it: RTSPS (rtspEncryption, rtspServerKey/Cert),
// RTMPS (rtmpEncryption, rtmpServerKey/Cert) and HTTPS for hls, webrtc, api, metrics and playback
// (`<name>Encryption`, `<name>ServerKey/Cert`). This file knows which keys hold a listener's files
// and loads them; listen.ts and http-listener.ts build the tls/https servers from the result.
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import type { Config } from '../../../shared/config';

/** The key and certificate files of one listener, with the config keys that named them. */
export interface TlsFiles {
  keyKey: string;
  certKey: string;
  keyFile: string;
  certFile: string;
}

/** PEM contents, ready for tls.createServer / https.createServer. */
export interface TlsCredentials {
  key: Buffer;
  cert: Buffer;
}

type HttpsListenerName = 'hls' | 'webrtc' | 'api' | 'metrics' | 'playback';
export type SecureListenerName = 'rtsps' | 'rtmps' | HttpsListenerName;

/** What to run when the files are missing: a self-signed pair named as the config expects. */
export function selfSignedHint(files: TlsFiles): string {
  return `openssl req -x509 -newkey rsa:2048 -nodes -keyout ${files.keyFile} -out ${files.certFile} -days 365 -subj /CN=localhost`;
}

/**
 * The files a listener serves TLS with, or undefined when it serves plain TCP/HTTP. RTSPS and
 * RTMPS listeners are always TLS (the engine opens them only when their encryption is not "no");
 * the HTTP listeners are TLS when their `<name>Encryption` flag is on.
 */
export function listenerTls(config: Config, name: SecureListenerName): TlsFiles | undefined {
  if (name === 'rtsps' || name === 'rtmps') return filesOf(config, name === 'rtsps' ? 'rtsp' : 'rtmp');
  return config[`${name}Encryption`] === true ? filesOf(config, name) : undefined;
}

function filesOf(config: Config, prefix: 'rtsp' | 'rtmp' | HttpsListenerName): TlsFiles {
  const keyKey = `${prefix}ServerKey` as const;
  const certKey = `${prefix}ServerCert` as const;
  return { keyKey, certKey, keyFile: config[keyKey], certFile: config[certKey] };
}

async function readPem(key: string, file: string, files: TlsFiles): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'the file does not exist' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new Error(`${key} "${file}": cannot read it (${why}); set ${key} to an existing PEM file ` +
      `(relative paths start in ${process.cwd()}), or make a self-signed pair with: ${selfSignedHint(files)}`);
  }
}

/** Reads and checks a listener's key and certificate; errors name the keys, the files and a fix. */
export async function loadTlsCredentials(files: TlsFiles): Promise<TlsCredentials> {
  const [key, cert] = await Promise.all([readPem(files.keyKey, files.keyFile, files), readPem(files.certKey, files.certFile, files)]);
  try {
    // Fails here, at open time, on a non-PEM file or a key that does not match the certificate.
    tls.createSecureContext({ key, cert });
  } catch (err) {
    throw new Error(`${files.keyKey} "${files.keyFile}" and ${files.certKey} "${files.certFile}" are not a usable ` +
      `PEM key and certificate (${(err as Error).message}); make a self-signed pair with: ${selfSignedHint(files)}`);
  }
  return { key, cert };
}

/**
 * tls.Server options shared by RTSPS, RTMPS and HTTPS: a client that never finishes the handshake
 * is dropped after readTimeout (Node's default is 120 s, long enough to pile up idle sockets).
 */
export function tlsServerOptions(creds: TlsCredentials, handshakeTimeoutMs: number): tls.TlsOptions {
  return { key: creds.key, cert: creds.cert, handshakeTimeout: handshakeTimeoutMs };
}
