// Mounting one screen of the renderer in happy-dom for component tests, and driving it the way a
// user does. Waits are bounded by turns of the event loop, never by wall-clock time.
import { act, createElement, type FunctionComponent } from 'react';
import { createRoot } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface MountedScreen {
  host: HTMLElement;
  /** Renders another element in the same root (e.g. to remount the screen). */
  render(component: FunctionComponent | string): Promise<void>;
  unmount(): Promise<void>;
}

export async function mountScreen(component: FunctionComponent): Promise<MountedScreen> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const render = (c: FunctionComponent | string) => act(async () => root.render(createElement(c)));
  await render(component);
  await settle();
  return {
    host,
    render,
    async unmount() {
      await act(async () => root.unmount());
      host.remove();
    },
  };
}

/** Lets the API promises and React's updates run (bounded: a few macrotask turns). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await act(async () => { await new Promise((r) => setTimeout(r, 0)); });
}

/** React tracks the value property; set it the way a user's keystroke does (call inside act). */
export function setInputValue(input: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
