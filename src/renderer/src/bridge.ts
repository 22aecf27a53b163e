// Picks the RelayboxApi transport: the Electron preload's window.relaybox, or HTTP against the
// control API that served this page (`relaybox serve --ui`).
import type { RelayboxApi } from '../../shared/api';
import { createHttpApi } from '../../shared/http-client';

declare global {
  interface Window {
    relaybox?: RelayboxApi;
  }
}

export function connectApi(): RelayboxApi {
  if (window.relaybox) return window.relaybox;
  return createHttpApi({ baseUrl: window.location.origin });
}
