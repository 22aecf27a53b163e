// Byte-precise edits of a text: everything outside the edited ranges stays exactly as it was,
// which is how a user's comments, blank lines and quoting survive a save.

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export class TextEdits {
  private readonly edits: (TextEdit & { seq: number })[] = [];

  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text, seq: this.edits.length });
  }

  insert(at: number, text: string): void {
    this.replace(at, at, text);
  }

  get size(): number {
    return this.edits.length;
  }

  /** Applies all edits; returns undefined if two of them overlap (the caller then rewrites the file). */
  apply(text: string): string | undefined {
    // From the end backwards so earlier offsets stay valid. At one offset, replacements go before
    // insertions (an insertion must not be swallowed), and later insertions before earlier ones
    // (so they end up in call order).
    const sorted = [...this.edits].sort(
      (a, b) => b.start - a.start || b.end - b.start - (a.end - a.start) || b.seq - a.seq,
    );
    let out = text;
    let limit = Infinity;
    for (const e of sorted) {
      if (e.end > limit) return undefined;
      out = out.slice(0, e.start) + e.text + out.slice(e.end);
      limit = e.start;
    }
    return out;
  }
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}
