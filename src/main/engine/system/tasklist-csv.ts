// Parser for Windows `tasklist /FO CSV /NH [/FI "PID eq N"]`:
//   "node.exe","8120","Console","1","45.312 K"
// Fields are always quoted; a quote inside a field is doubled (RFC 4180 §2.7). With /NH there
// is no header, but a filter that matches nothing prints a translated "INFO: …" line instead.

export interface TasklistRow {
  name: string;
  pid: number;
  /** The remaining columns as printed: session name, session number, memory (or services with /SVC). */
  rest: string[];
}

export function parseTasklistCsv(text: string): TasklistRow[] {
  const rows: TasklistRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('"')) continue;
    const fields = splitCsvLine(line);
    if (fields.length < 2 || !/^\d+$/.test(fields[1])) continue;
    rows.push({ name: fields[0], pid: Number(fields[1]), rest: fields.slice(2) });
  }
  return rows;
}

function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          value += line[i++];
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end;
    }
    if (line[i] === ',') i++;
    else break;
  }
  return fields;
}
