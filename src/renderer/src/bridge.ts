// Picks the RelayboxApi transport: the Electron preload's window.relaybox, or HTTP against the
// control API that served this page (`relaybox serve --ui`, which needs its per-run token).
import type { RelayboxApi } from '../../shared/api';
import { createHttpApi } from '../../shared/http-client';
import type { ShellSettingsApi } from '../../shared/ipc';

declare global {
  interface Window {
    /** The preload's bridge; the shell settings calls exist only there (never over HTTP). */
    relaybox?: RelayboxApi & Partial<ShellSettingsApi>;
  }
}

/** The desktop app's own settings calls, or undefined in a browser (or an older preload). */
export function shellSettingsApi(): ShellSettingsApi | undefined {
  const r = typeof window === 'undefined' ? undefined : window.relaybox;
  return r?.getShellSettings && r.setShellSettings ? { getShellSettings: r.getShellSettings, setShellSettings: r.setShellSettings } : undefined;
}

const TOKEN_KEY = 'relaybox.uiToken';
export const UI_TOKEN_HEADER = 'X-Relaybox-Token';

/**
 * Moves `?token=` from the address bar into sessionStorage (per tab, gone when it closes), so the
 * token is neither bookmarked nor shown in screenshots, and survives reloads.
 */
export function takeUiToken(): string | undefined {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function connectApi(): RelayboxApi {
  if (window.relaybox) return window.relaybox;
  const token = takeUiToken();
  return createHttpApi({ baseUrl: window.location.origin, headers: token ? { [UI_TOKEN_HEADER]: token } : {} });
}

/** Host to put in stream URLs: the page's host in a browser, loopback in Electron (file://). */
export function streamHost(): string {
  const h = window.location.hostname;
  return h && window.location.protocol.startsWith('http') ? h.replace(/^\[|\]$/g, '') : '127.0.0.1';
}
