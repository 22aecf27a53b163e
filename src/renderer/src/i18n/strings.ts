// Every user-visible string, in English and Simplified Chinese, from the first screen on.
export type Lang = 'en' | 'zh-CN';

const en = {
  appTitle: 'Relaybox',
  start: 'Start',
  stop: 'Stop',
  state_stopped: 'Stopped',
  state_starting: 'Starting…',
  state_running: 'Running',
  state_partial: 'Partly running',
  state_error: 'Error',
  state_stopping: 'Stopping…',
  listening: 'listening',
  disabled: 'disabled',
  portConflict: 'port busy',
  placeholder: 'not implemented yet',
  heldBy: 'held by {name} (PID {pid})',
  tryPort: 'try port {port}',
  language: 'Language',
};

const zh: typeof en = {
  appTitle: 'Relaybox',
  start: '启动',
  stop: '停止',
  state_stopped: '已停止',
  state_starting: '正在启动…',
  state_running: '运行中',
  state_partial: '部分运行',
  state_error: '错误',
  state_stopping: '正在停止…',
  listening: '监听中',
  disabled: '已禁用',
  portConflict: '端口被占用',
  placeholder: '尚未实现',
  heldBy: '被 {name}（PID {pid}）占用',
  tryPort: '可改用端口 {port}',
  language: '语言',
};

export const STRINGS: Record<Lang, typeof en> = { en, 'zh-CN': zh };
export type StringKey = keyof typeof en;

export function detectLang(): Lang {
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function format(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
