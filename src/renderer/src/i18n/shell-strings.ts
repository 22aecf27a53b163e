// Strings of the desktop app's own settings (Settings → General, only inside the app).
export const shellEn = {
  shell_group: 'Desktop app',
  shell_startServerOnLaunch: 'Start server on launch',
  shell_startServerOnLaunch_help: 'Start the streaming server as soon as Relaybox opens.',
  shell_minimizeToTray: 'Minimize to tray',
  shell_minimizeToTray_help: 'Closing or minimizing the window keeps Relaybox (and the server) running in the tray; quit from the tray menu.',
  shell_openAtLogin: 'Open at login',
  shell_openAtLogin_help: 'Start Relaybox when you sign in to this computer.',
  shell_unsupported: 'Not available on this system.',
  shell_saved: 'Saved. The tray menu shows the same switches.',
};

export const shellZh: typeof shellEn = {
  shell_group: '桌面应用',
  shell_startServerOnLaunch: '启动时开启服务器',
  shell_startServerOnLaunch_help: 'Relaybox 打开后立即启动流媒体服务器。',
  shell_minimizeToTray: '最小化到托盘',
  shell_minimizeToTray_help: '关闭或最小化窗口时，Relaybox（及服务器）继续在托盘中运行；从托盘菜单退出。',
  shell_openAtLogin: '登录时打开',
  shell_openAtLogin_help: '登录这台电脑时自动启动 Relaybox。',
  shell_unsupported: '此系统不支持。',
  shell_saved: '已保存。托盘菜单中有相同的开关。',
};
