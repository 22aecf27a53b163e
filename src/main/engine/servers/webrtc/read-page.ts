// The built-in WebRTC player page at `http://H:8889/PATH` (DESIGN §3, issue 6 item 4): WHEP from
// the page's own origin, muted autoplay, an error line and reconnects; no CDN, no library.
import { createHash } from 'node:crypto';

// Runs in the browser. WHEP without trickle: the offer goes once ICE gathering is complete (or
// after 1 s), and the server's answer already carries every candidate (DESIGN §9).
const PAGE_SCRIPT = `
const video = document.getElementById('video');
const message = document.getElementById('message');
const whepUrl = window.location.pathname.replace(/\\/$/, '') + '/whep' + window.location.search;
let pc = null;
let sessionUrl = null;
let retryTimer = 0;
function show(text) { message.textContent = text; message.hidden = text === ''; }
function stop() {
  if (pc) { pc.close(); pc = null; }
  if (sessionUrl) { fetch(sessionUrl, { method: 'DELETE', keepalive: true }).catch(() => {}); sessionUrl = null; }
}
function retry(why) {
  show(why + ', retrying…');
  stop();
  clearTimeout(retryTimer);
  retryTimer = setTimeout(start, 2000);
}
async function start() {
  try {
    pc = new RTCPeerConnection({ iceServers: [] });
    const own = pc;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.ontrack = (e) => { if (video.srcObject !== e.streams[0]) video.srcObject = e.streams[0] || new MediaStream([e.track]); };
    pc.onconnectionstatechange = () => {
      if (own !== pc) return;
      if (pc.connectionState === 'connected') show('');
      else if (pc.connectionState === 'failed' || pc.connectionState === 'disconnected') retry('Connection lost');
    };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
      if (own.iceGatheringState === 'complete') return resolve();
      own.onicegatheringstatechange = () => { if (own.iceGatheringState === 'complete') resolve(); };
      setTimeout(resolve, 1000);
    });
    const res = await fetch(whepUrl, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: own.localDescription.sdp });
    if (res.status !== 201) {
      retry(res.status === 404 ? 'The stream is not ready yet' : res.status === 401 ? 'Not authorized' : 'Error ' + res.status + ': ' + (await res.text()).trim());
      return;
    }
    const location = res.headers.get('Location');
    sessionUrl = location ? new URL(location, window.location.href).href : null;
    await own.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    video.play().catch(() => {});
  } catch (err) {
    retry('Error: ' + err.message);
  }
}
window.addEventListener('pagehide', stop);
start();
`;

const PAGE_STYLE = `html,body{margin:0;height:100%;background:#000}
video{width:100%;height:100%;object-fit:contain}
#message{position:fixed;left:0;right:0;bottom:0;padding:8px 12px;font:14px sans-serif;color:#fff;background:rgba(160,0,0,.8)}`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/** Only the page's own inline script and style; WHEP goes to the same origin. */
export const READ_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(PAGE_STYLE)}`,
  "connect-src 'self'",
  "media-src 'self' blob: mediastream:",
].join('; ');

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function readPageHtml(pathName: string): string {
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
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
