// A throwaway self-signed certificate for 127.0.0.1 (openssl, as a user would make one), and an
// engine config with every encrypted listener on free loopback ports.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../../src/shared/config';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { freePorts } from '../../helpers/ports';

export interface TestCert {
  dir: string;
  keyFile: string;
  certFile: string;
  cert: Buffer;
  /** SHA-256, "AB:CD:…", as sourceFingerprint takes it. */
  fingerprint: string;
  remove(): Promise<void>;
}

export async function makeTestCert(): Promise<TestCert> {
  const dir = await mkdtemp(join(tmpdir(), 'relaybox-tls-'));
  const keyFile = join(dir, 'server.key');
  const certFile = join(dir, 'server.crt');
  // The IP SAN lets Node verify the certificate against 127.0.0.1 with `ca` (CN alone does not).
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile,
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1'], { stdio: 'ignore' });
  const cert = await readFile(certFile);
  return {
    dir, keyFile, certFile, cert, fingerprint: new X509Certificate(cert).fingerprint256,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface TlsPorts extends TestPorts {
  rtsps: number;
  rtmps: number;
}

/** Every listener's key/cert set to `cert`; encryption switches come from `overrides`. */
export async function tlsTestConfig(cert: TestCert, overrides: Partial<Config> = {}): Promise<{ config: Config; ports: TlsPorts }> {
  const [rtsps, rtmps] = await freePorts(2);
  const files: Partial<Config> = {};
  for (const p of ['rtsp', 'rtmp', 'hls', 'webrtc', 'api', 'metrics', 'playback'] as const) {
    files[`${p}ServerKey`] = cert.keyFile;
    files[`${p}ServerCert`] = cert.certFile;
  }
  const t = await testConfig({
    ...files,
    rtspsAddress: `127.0.0.1:${rtsps}`, rtmpsAddress: `127.0.0.1:${rtmps}`,
    webrtc: false, ...overrides,
  });
  return { config: t.config, ports: { ...t.ports, rtsps, rtmps } };
}
