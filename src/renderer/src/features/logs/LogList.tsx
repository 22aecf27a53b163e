import { useLayoutEffect, useRef, useState } from 'react';
import type { LogEntry } from '../../../../shared/log';
import { visibleRows } from './windowing';

const ROW_HEIGHT = 20;

function time(ms: number): string {
  const d = new Date(ms);
  return d.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

/** Virtualized log lines; sticks to the bottom while the user has not scrolled up. */
export function LogList({ entries }: { entries: LogEntry[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const follow = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow.current) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [entries]);

  const w = visibleRows(entries.length, ROW_HEIGHT, scrollTop, height);
  return (
    <div className="log-list" ref={box} role="log" onScroll={(e) => {
      const el = e.currentTarget;
      follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
      setScrollTop(el.scrollTop);
    }}>
      <div style={{ height: w.padTop }} />
      {entries.slice(w.start, w.end).map((e) => (
        <div key={e.seq} className={`log-line log-${e.level}`} style={{ height: ROW_HEIGHT }}>
          <span className="log-time">{time(e.time)}</span>
          <span className="log-level">{e.level.toUpperCase()}</span>
          <span className="log-module">[{e.module}]</span>
          <span className="log-msg">{e.message}</span>
        </div>
      ))}
      <div style={{ height: w.padBottom }} />
    </div>
  );
}
