// The built-in publish page at `http://H:8889/PATH/publish` (issue 6 item 4): camera and
// microphone (or the screen with ?screen) via getUserMedia → WHIP to the page's own origin, with
// H.264 packetization-mode 1 preferred (what every reader of the path can take), status line and
// reconnects; no CDN, no library.
import { createHash } from 'node:crypto';

const PAGE_SCRIPT = `
const video = document.getElementById('video');
const message = document.getElementById('message');
const params = new URLSearchParams(window.location.search);
const screen = params.has('screen');
params.delete('screen');
const query = params.toString();
const whipUrl = window.location.pathname.replace(/\\/publish\\/?$/, '') + '/whip' + (query ? '?' + query : '');
let media = null;
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
function preferH264(transceiver) {
  const caps = RTCRtpSender.getCapabilities('video');
  if (!caps || !transceiver.setCodecPreferences) return;
  const mode1 = caps.codecs.filter((c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || ''));
  if (mode1.length) transceiver.setCodecPreferences(mode1);
}
async function start() {
  try {
    if (!media) {
      media = screen
        ? await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true })
        : await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      video.srcObject = media;
    }
    pc = new RTCPeerConnection({ iceServers: [] });
    const own = pc;
    for (const track of media.getTracks()) {
      const t = pc.addTransceiver(track, { direction: 'sendonly' });
      if (track.kind === 'video') preferH264(t);
    }
    pc.onconnectionstatechange = () => {
      if (own !== pc) return;
      if (pc.connectionState === 'connected') show('Publishing');
      else if (pc.connectionState === 'failed' || pc.connectionState === 'disconnected') retry('Connection lost');
    };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
      if (own.iceGatheringState === 'complete') return resolve();
      own.onicegatheringstatechange = () => { if (own.iceGatheringState === 'complete') resolve(); };
      setTimeout(resolve, 1000);
    });
    const res = await fetch(whipUrl, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: own.localDescription.sdp });
    if (res.status !== 201) {
      retry(res.status === 401 ? 'Not authorized' : 'Error ' + res.status + ': ' + (await res.text()).trim());
      return;
    }
    const location = res.headers.get('Location');
    sessionUrl = location ? new URL(location, window.location.href).href : null;
    await own.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  } catch (err) {
    retry('Error: ' + err.message);
  }
}
window.addEventListener('pagehide', stop);
start();
`;

const PAGE_STYLE = `html,body{margin:0;height:100%;background:#000}
video{width:100%;height:100%;object-fit:contain}
#message{position:fixed;left:0;right:0;bottom:0;padding:8px 12px;font:14px sans-serif;color:#fff;background:rgba(0,0,0,.7)}`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

export const PUBLISH_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(PAGE_STYLE)}`,
  "connect-src 'self'",
  "media-src 'self' blob: mediastream:",
].join('; ');

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function publishPageHtml(pathName: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(pathName)} (publish)</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<video id="video" muted autoplay playsinline></video>
<div id="message">Starting…</div>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
