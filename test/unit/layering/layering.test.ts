// The layering rules fail the build when broken: checked by linting small probe files with the
// project's own ESLint config, as if they lived in each folder.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: `${__dirname}/../../..` });

async function errors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it.each([
    ["import { app } from 'electron';", 'src/main/engine/core/probe.ts', /must not import electron/],
    ["import React from 'react';", 'src/main/engine/servers/probe.ts', /must not import UI code/],
    ["import net from 'node:net';", 'src/main/engine/protocols/rtmp/probe.ts', /protocols know bytes only/],
    ["import fs from 'node:fs';", 'src/renderer/src/probe.ts', /must not import Node modules/],
    ["import { createEngine } from '../../main/engine';", 'src/renderer/src/probe.ts', /only through the RelayboxApi contract/],
    ["import { readFile } from 'node:fs/promises';", 'src/shared/probe.ts', /must run in the browser too/],
  ])('%s in %s is refused', async (code, file, message) => {
    const found = await errors(code, file);
    expect(found.some((m) => message.test(m))).toBe(true);
  });

  it.each([
    ["import net from 'node:net';", 'src/main/engine/servers/probe.ts'],
    ["import type { RelayboxApi } from '../../shared/api';", 'src/renderer/src/probe.ts'],
    ["import { BrowserWindow } from 'electron';", 'src/main/probe.ts'],
  ])('%s in %s is allowed', async (code, file) => {
    expect(await errors(code, file)).toEqual([]);
  });
});
