// Shown once on the first start on Windows, just before Windows Firewall asks about the
// listeners: the choice there decides whether other machines on the LAN can watch.
export const FIREWALL_NOTICE = {
  title: 'Windows Firewall',
  message: 'Windows may now ask whether Relaybox may communicate on networks.',
  detail:
    'To let phones, OBS on another PC or viewers on your local network connect, allow access on ' +
    '"Private networks" (your home or office network). Leave "Public networks" unticked unless you ' +
    'really stream on a public Wi-Fi. If you clicked Cancel, allow "Relaybox" later in Windows ' +
    'Security → Firewall & network protection → Allow an app through firewall. Streaming on this ' +
    'computer alone (127.0.0.1) works either way.',
} as const;
