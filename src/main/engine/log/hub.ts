// The log hub: one per engine. It filters by level, redacts, keeps the last entries in a ring
// (the GUI log view and the API event stream read and subscribe to it) and writes text lines to
// the configured destinations (config keys logLevel, logDestinations, logFile).
import { resolve } from 'node:path';
import type { LogEntry, LogLevel } from '../../../shared/log';
import { RotatingFileSink } from './file-sink';
import { formatLogLine } from './format';
import { LEVEL_RANK } from './levels';
import type { Logger } from './logger';
import { ModuleLogger, rootSegments, type LogSink } from './module-logger';
import { redact } from './redact';
import { RingBuffer } from './ring-buffer';

/** MediaMTX's logDestinations values. */
export type LogDestination = 'stdout' | 'file' | 'syslog';

/** What can change while running (hot reload). Omitted fields keep their current value. */
export interface LogHubSettings {
  level?: LogLevel;
  destinations?: readonly LogDestination[];
  /** Log file path (relative paths resolve against the working directory). Default relaybox.log. */
  file?: string;
  /** Rotate the file before it exceeds this size. Default 10 MiB. */
  maxFileBytes?: number;
  /** Rotated files kept (relaybox.log.1 … .N). Default 3. */
  maxFiles?: number;
}

export interface LogHubOptions extends LogHubSettings {
  /** Entries kept for recent(). Default 10,000. */
  capacity?: number;
  /** Receives each "stdout" line; default process.stdout. Tests capture output here. */
  stdout?: (line: string) => void;
}

export type LogListener = (entry: LogEntry) => void;

/** The hub's own module tag, for its warnings about itself. */
const HUB_MODULE = 'log';

export class LogHub implements LogSink {
  private threshold: number;
  private levelName: LogLevel;
  private destinations: ReadonlySet<LogDestination>;
  private filePath: string;
  private maxFileBytes: number;
  private maxFiles: number;

  private readonly ring: RingBuffer<LogEntry>;
  private readonly writeStdout: (line: string) => void;
  private readonly self: ModuleLogger;
  private seq = 0;
  private fileSink: RotatingFileSink | null = null;
  /** Sinks replaced by configure() that are still flushing; close() waits for them. */
  private readonly retiring = new Set<Promise<void>>();
  private syslogWarned = false;

  private readonly listeners = new Set<LogListener>();
  private readonly reportedListeners = new WeakSet<LogListener>();
  /** Entries waiting for delivery; keeps listeners' order by seq even if a listener logs. */
  private deliveryQueue: LogEntry[] = [];
  private delivering = false;

  constructor(opts: LogHubOptions = {}) {
    this.ring = new RingBuffer<LogEntry>(opts.capacity ?? 10_000);
    this.writeStdout =
      opts.stdout ??
      ((line) => {
        process.stdout.write(line);
      });
    this.levelName = opts.level ?? 'info';
    this.threshold = LEVEL_RANK[this.levelName];
    this.destinations = new Set(opts.destinations ?? ['stdout']);
    this.filePath = resolve(opts.file ?? 'relaybox.log');
    this.maxFileBytes = opts.maxFileBytes ?? 10 * 1024 * 1024;
    this.maxFiles = opts.maxFiles ?? 3;
    this.self = new ModuleLogger(this, [HUB_MODULE]);
    this.applyDestinations();
  }

  get level(): LogLevel {
    return this.levelName;
  }

  /** A logger tagged `module`; its child() loggers add sub-tags. */
  logger(module: string): Logger {
    return new ModuleLogger(this, rootSegments(module));
  }

  /** Applies new settings at runtime; only what changed is touched (the file is reopened only if its path changed). */
  configure(settings: LogHubSettings): void {
    if (settings.level !== undefined) {
      if (!(settings.level in LEVEL_RANK)) throw new RangeError(`logLevel must be one of error, warn, info, debug, got "${settings.level}"`);
      this.levelName = settings.level;
      this.threshold = LEVEL_RANK[settings.level];
    }
    const before = { destinations: [...this.destinations].sort().join(), file: this.filePath };
    if (settings.destinations !== undefined) this.destinations = new Set(settings.destinations);
    if (settings.file !== undefined) this.filePath = resolve(settings.file);
    if (settings.maxFileBytes !== undefined) this.maxFileBytes = settings.maxFileBytes;
    if (settings.maxFiles !== undefined) this.maxFiles = settings.maxFiles;
    const changed = before.destinations !== [...this.destinations].sort().join() || before.file !== this.filePath;
    // A failed file gets another try when the user edits where logs go, not on every reload.
    this.applyDestinations(changed);
  }

  /** Calls `listener` with every stored entry from now on; returns the unsubscribe function. */
  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Stored entries with seq > sinceSeq, oldest first; with `limit`, only the newest `limit` of
   * them. Seqs are consecutive, so a first seq above sinceSeq + 1 means entries were overwritten.
   */
  recent(limit?: number, sinceSeq = 0): LogEntry[] {
    const size = this.ring.size;
    if (size === 0) return [];
    const oldestSeq = this.ring.at(0)!.seq;
    let from = Math.max(0, Math.floor(sinceSeq) + 1 - oldestSeq);
    if (limit !== undefined) from = Math.max(from, size - Math.max(0, Math.floor(limit)));
    return this.ring.slice(from);
  }

  /** Resolves when every line queued for the log file so far is written. */
  async flush(): Promise<void> {
    await Promise.all([this.fileSink?.flush(), ...this.retiring]);
  }

  /** Flushes and closes the log file; stdout and the ring keep working. */
  async close(): Promise<void> {
    const sink = this.fileSink;
    this.fileSink = null;
    await Promise.all([sink?.close(), ...this.retiring]);
  }

  // LogSink: called by ModuleLogger after it checked enabled().

  enabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] <= this.threshold;
  }

  write(level: LogLevel, source: ModuleLogger, message: string): void {
    const entry: LogEntry = Object.freeze({ seq: ++this.seq, time: Date.now(), level, module: source.module, message: redact(message) });
    this.ring.push(entry);
    const toStdout = this.destinations.has('stdout');
    const toFile = this.fileSink !== null;
    if (toStdout || toFile) {
      const line = formatLogLine(entry, source.tag);
      if (toStdout) {
        try {
          this.writeStdout(line);
        } catch {
          // A closed stdout (EPIPE) must not stop the ring, the file or the subscribers.
        }
      }
      this.fileSink?.write(line);
    }
    if (this.listeners.size > 0) this.deliver(entry);
  }

  private deliver(entry: LogEntry): void {
    this.deliveryQueue.push(entry);
    if (this.delivering) return; // a listener logged: its entry goes out after this one
    this.delivering = true;
    try {
      for (let i = 0; i < this.deliveryQueue.length; i++) {
        const e = this.deliveryQueue[i];
        for (const listener of this.listeners) {
          try {
            listener(e);
          } catch (err) {
            this.reportListenerError(listener, err);
          }
        }
      }
    } finally {
      this.deliveryQueue = [];
      this.delivering = false;
    }
  }

  private reportListenerError(listener: LogListener, err: unknown): void {
    if (this.reportedListeners.has(listener)) return;
    this.reportedListeners.add(listener);
    const reason = err instanceof Error ? err.message : String(err);
    this.self.warn(`a log subscriber threw (${reason}); it stays subscribed, its further errors are not reported`);
  }

  private applyDestinations(retryFailed = false): void {
    const wantFile = this.destinations.has('file');
    const sink = this.fileSink;
    if (sink && (!wantFile || sink.path !== this.filePath || (retryFailed && sink.isFailed))) {
      this.fileSink = null;
      this.retire(sink);
    }
    if (wantFile && this.fileSink) this.fileSink.setLimits(this.maxFileBytes, this.maxFiles);
    if (wantFile && !this.fileSink) {
      const created: RotatingFileSink = new RotatingFileSink({
        path: this.filePath,
        maxBytes: this.maxFileBytes,
        maxFiles: this.maxFiles,
        // A sink replaced in the meantime has nothing left to report about.
        onError: (err) => {
          if (this.fileSink === created) this.reportFileError(created.path, err);
        },
      });
      this.fileSink = created;
    }
    if (this.destinations.has('syslog') && !this.syslogWarned) {
      this.syslogWarned = true;
      this.self.warn('logDestinations: "syslog" is not supported; ignoring it (stdout and file still work)');
    }
  }

  private retire(sink: RotatingFileSink): void {
    const done = sink.close().finally(() => this.retiring.delete(done));
    this.retiring.add(done);
  }

  private reportFileError(path: string, err: Error): void {
    // The failed sink stays in place and discards lines: reopening on every line would flood the log.
    this.self.error(
      `cannot write log file "${path}": ${err.message}; ` +
        'file logging is off until logFile or logDestinations change (other destinations continue)',
    );
  }
}
