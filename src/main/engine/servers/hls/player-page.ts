// The built-in player page at `http://H:8888/PATH/` (DESIGN §3, issue 5 item 3): hls.js, served
// by the engine itself (no CDN), muted autoplay, an error line and retries while the stream is
// not ready. `/PATH` redirects to `/PATH/` so the page's relative URLs (index.m3u8, hls.min.js)
// resolve inside the path, as in MediaMTX.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const HLS_JS_FILE = 'hls.min.js';

export type PlayerPageFile = 'redirect' | 'page' | 'script';

const MEDIA_FILE = /\.(flv|m3u8|ts|mp4|m4s)$/i;

/** "/cam1" → redirect, "/cam1/" → page, "/cam1/hls.min.js" → script; null otherwise. */
export function playerPageRequestOf(urlPath: string): { pathName: string; file: PlayerPageFile } | null {
  if (!urlPath.startsWith('/') || urlPath.length < 2) return null;
  if (urlPath.endsWith(`/${HLS_JS_FILE}`)) {
    const pathName = urlPath.slice(1, -(HLS_JS_FILE.length + 1));
    return pathName ? { pathName, file: 'script' } : null;
  }
  if (urlPath.endsWith('/')) {
    const pathName = urlPath.slice(1, -1);
    return pathName ? { pathName, file: 'page' } : null;
  }
  // A media file name that no other route took (e.g. "/.flv") is a miss, not a page.
  if (MEDIA_FILE.test(urlPath)) return null;
  return { pathName: urlPath.slice(1), file: 'redirect' };
}

// Runs in the browser; kept small and dependency-free besides hls.js.
const PAGE_SCRIPT = `
const video = document.getElementById('video');
const message = document.getElementById('message');
const source = 'index.m3u8' + window.location.search;
let hls = null;
let retryTimer = 0;
function show(text) { message.textContent = text; message.hidden = text === ''; }
function retry(why) {
  show(why + ', retrying…');
  if (hls) { hls.destroy(); hls = null; }
  clearTimeout(retryTimer);
  retryTimer = setTimeout(start, 2000);
}
function start() {
  if (window.Hls && window.Hls.isSupported()) {
    hls = new window.Hls({ lowLatencyMode: true, backBufferLength: 10 });
    hls.on(window.Hls.Events.MANIFEST_PARSED, () => { show(''); video.play().catch(() => {}); });
    hls.on(window.Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      const status = data.response && data.response.code;
      retry(status === 404 ? 'The stream is not ready yet' : status === 401 ? 'Not authorized' : 'Playback error (' + data.details + ')');
    });
    hls.loadSource(source);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = source;
    video.addEventListener('error', () => retry('Playback error'), { once: true });
    video.addEventListener('loadedmetadata', () => { show(''); video.play().catch(() => {}); }, { once: true });
  } else {
    show('This browser cannot play HLS.');
  }
}
start();
`;

const PAGE_STYLE = `html,body{margin:0;height:100%;background:#000}
video{width:100%;height:100%;object-fit:contain}
#message{position:fixed;left:0;right:0;bottom:0;padding:8px 12px;font:14px sans-serif;color:#fff;background:rgba(160,0,0,.8)}`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/** The page admits only its own inline script/style and same-origin media (hls.js uses blob: workers and MSE). */
export const PLAYER_PAGE_CSP = [
  "default-src 'none'",
  `script-src 'self' ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(PAGE_STYLE)}`,
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
].join('; ');

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function playerPageHtml(pathName: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(pathName)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<video id="video" muted autoplay playsinline controls></video>
<div id="message" hidden></div>
<script src="${HLS_JS_FILE}"></script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

let hlsJs: Promise<Buffer | null> | undefined;

/** hls.js from the hls.js package (a dependency, so it ships with the app); null if missing. */
export function hlsJsSource(): Promise<Buffer | null> {
  hlsJs ??= (async () => {
    try {
      // Bundled as CommonJS (electron-vite) and run by vitest: __filename exists in both.
      const req = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
      return await readFile(req.resolve(`hls.js/dist/${HLS_JS_FILE}`));
    } catch {
      hlsJs = undefined;
      return null;
    }
  })();
  return hlsJs;
}
