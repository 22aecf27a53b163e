// authInternalUsers rows ⇄ the compact texts the users editor shows: permissions as
// "publish, read:cam1" (action, or action:path), IPs as "127.0.0.1, 10.0.0.0/8".
import type { AuthPermission } from '../../../../shared/config';

export function permissionsToText(perms: readonly AuthPermission[]): string {
  return perms.map((p) => (p.path ? `${p.action}:${p.path}` : p.action)).join(', ');
}

/** Unknown actions are passed through; the shared validator names them. */
export function textToPermissions(text: string): AuthPermission[] {
  return text.split(/[,\s]+/).filter(Boolean).map((item) => {
    const i = item.indexOf(':');
    return (i < 0 ? { action: item, path: '' } : { action: item.slice(0, i), path: item.slice(i + 1) }) as AuthPermission;
  });
}
