// Schemas of the maps that appear inside lists: users and their permissions, ICE servers,
// forward targets, always-available tracks. Same field names as MediaMTX.

import { z } from 'zod';
import { boolValue, enumValue, field, flag, intValue, ipListValue, itemObject, secret, text, textValue } from './fields';

export const AUTH_ACTIONS = ['publish', 'read', 'playback', 'api', 'metrics', 'pprof'] as const;
export type AuthAction = (typeof AUTH_ACTIONS)[number];

export const AuthPermissionSchema = itemObject(
  {
    action: enumValue(AUTH_ACTIONS),
    path: text('', 'Path the permission is limited to: a name, "~regex", or empty for any path.'),
  },
  'a map with action (publish, read, playback, api, metrics, pprof) and optional path',
);
export type AuthPermission = z.output<typeof AuthPermissionSchema>;

export const AuthInternalUserSchema = itemObject(
  {
    user: textValue({
      test: (s) => (s === '' ? 'empty user names are not supported; use "any" for anyone' : undefined),
      allowed: 'a user name, "any" for anyone, or sha256:BASE64 / argon2:… for a hashed name',
    }),
    pass: secret('Password (plain, sha256:BASE64 or argon2:…); not used with user "any".'),
    ips: field(ipListValue(), [], 'IP addresses or CIDR ranges this user may connect from; empty means any.'),
    permissions: field(z.array(AuthPermissionSchema, { error: 'must be a list of {action, path}' }), [], 'What this user may do.'),
  },
  'a map with user, pass, ips and permissions',
).superRefine((u, ctx) => {
  if (u.user === 'any' && u.pass !== '') {
    ctx.addIssue({ code: 'custom', path: ['pass'], message: 'a password cannot be used with user "any"; name the user or remove pass' });
  }
});
export type AuthInternalUser = z.output<typeof AuthInternalUserSchema>;

export const WebRTCICEServerSchema = itemObject(
  {
    url: textValue({
      test: (s) => (/^(stun|turn|turns):/.test(s) ? undefined : 'an ICE server URL must start with stun:, turn: or turns:'),
      allowed: 'a stun:, turn: or turns: URL',
    }),
    username: text('', 'TURN user name; "AUTH_SECRET" means the password is a shared secret.'),
    password: secret('TURN password or shared secret.'),
    clientOnly: flag(false, 'Give this server to clients only; the server itself does not use it.'),
  },
  'a map with url and optional username, password, clientOnly',
);
export type WebRTCICEServer = z.output<typeof WebRTCICEServerSchema>;

const FORWARD_SCHEMES = /^(rtsp|rtsps|rtmp|rtmps|srt|whip|whips):\/\//;

export const ForwardTargetSchema = z.preprocess(
  // A bare URL in the list is read as {dest: URL}.
  (v) => (typeof v === 'string' ? { dest: v } : v),
  itemObject(
    {
      dest: textValue({
        test: (s) => (FORWARD_SCHEMES.test(s) ? undefined : 'dest must be an rtsp://, rtsps://, rtmp://, rtmps://, srt://, whip:// or whips:// URL'),
        allowed: 'an rtsp://, rtsps://, rtmp://, rtmps://, srt://, whip:// or whips:// URL',
      }),
      destFingerprint: text('', 'SHA-256 fingerprint of a self-signed destination certificate.'),
      whipBearerToken: secret('Token sent as "Authorization: Bearer" to a WHIP destination.'),
    },
    'a map with dest (a URL) and optional destFingerprint, whipBearerToken',
  ),
);
export type ForwardTarget = z.output<typeof ForwardTargetSchema>;

export const ALWAYS_AVAILABLE_CODECS = ['AV1', 'VP9', 'H265', 'H264', 'Opus', 'MPEG4Audio', 'G711', 'LPCM'] as const;

export const AlwaysAvailableTrackSchema = itemObject(
  {
    codec: enumValue(ALWAYS_AVAILABLE_CODECS),
    sampleRate: intValue({ min: 1 }).optional(),
    channelCount: intValue({ min: 1 }).optional(),
    muLaw: boolValue().optional(),
  },
  'a map with codec and, for audio, sampleRate, channelCount, muLaw',
);
export type AlwaysAvailableTrack = z.output<typeof AlwaysAvailableTrackSchema>;
