// RFC 2326 §C.1.1: relative control URLs in a DESCRIBE answer resolve against Content-Base, else
// Content-Location, else the request URL.
import type { RtspHeaderMap } from '../header-map';

export function contentBaseOf(headers: RtspHeaderMap, requestUrl: string): string {
  return headers.get('content-base') || headers.get('content-location') || requestUrl;
}
