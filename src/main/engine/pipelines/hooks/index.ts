// MediaMTX-style hooks: commands run on path and session events (issue 7 §5).
export { runHookCommand, type RunHookCommandOptions, type RunningHookCommand } from './run-command';
export { CommandLineError, expandVariables, planHookCommand, splitCommandLine, type HookSpawnPlan } from './command-line';
export { pathHookEnv } from './env';
export { HooksService, createHooksService, type HooksServiceOptions } from './service';
export type { HooksHost } from './path-event-hooks';
