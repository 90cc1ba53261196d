// The editor's file formats: content YAML and updates (YAML front matter and a Markdown body),
// read into the form's data and written back by changing only what the form changed.
//
// Decap hands `toFile` only the entry's data, never the text it was read from, so `fromFile`
// keeps each text it reads in `Memory` and marks the data with its key (HIDDEN, a field no form
// shows; Decap keeps unknown fields). Writing applies the data to that text (`applyData`), or to
// the file as it is now when someone else changed it meanwhile (see merge.js).

import { applyData, deepEqual, emitDocument, parse, toData } from "./document.js";
import { HIDDEN, isBlank } from "./emit.js";
import { mergeData } from "./merge.js";

/** FNV-1a: a short key for a text (the texts themselves are kept, so collisions only share). */
function key(raw) {
  let h = 0x811c9dc5;
  for (let i = 0; i < raw.length; i++) {
    h ^= raw.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${h.toString(16)}-${raw.length}`;
}

/** The texts this session read, by key; and for each, the file as it is now, if it changed. */
export class Memory {
  constructor() {
    this.read = new Map();
    this.now = new Map();
  }

  remember(raw) {
    const k = key(raw);
    this.read.set(k, raw);
    return k;
  }

  base(k) {
    return this.read.get(k);
  }

  /** Write onto `raw` (the file as it is now) instead of the text read. */
  rebase(k, raw) {
    this.now.set(k, raw);
  }

  /** After a save: the text written is what the entry now stands on. */
  saved(k, raw) {
    this.read.set(k, raw);
    this.now.delete(k);
  }
}

/** The data without the editor's own mark. */
export function strip(data) {
  const { [HIDDEN]: _, ...rest } = data;
  return rest;
}

/** A format for files of one kind; `write(base, data)` is its text with the data applied. */
function format({ read, write, fresh }, memory) {
  return {
    read,
    fromFile(raw) {
      const data = read(raw);
      data[HIDDEN] = memory.remember(raw);
      return data;
    },
    toFile(data) {
      const k = data[HIDDEN];
      const ours = strip(data);
      const base = k === undefined ? undefined : memory.base(k);
      if (base === undefined) return fresh(ours);
      const now = memory.now.get(k);
      if (now === undefined || now === base) return write(base, ours);
      const { merged, conflicts } = mergeData(read(base), ours, read(now));
      if (conflicts.length) throw new Error(`conflicting changes at ${conflicts.join(", ")}`);
      return write(now, merged);
    },
  };
}

/** Content YAML (one record, or a file of records); `prepare(old, data)` applies a rule of
 * the record before writing (a plan's statuses: plan-rules.js). */
export function yamlFormat(spec, memory, prepare = null) {
  return format(
    {
      read: (raw) => toData(parse(raw)),
      write: (raw, data) => applyData(raw, prepare ? prepare(toData(parse(raw)), data) : data, spec),
      fresh: (data) => emitDocument(data, spec),
    },
    memory,
  );
}

// --- updates: front matter and body --------------------------------------------------------

const FENCE = /^---[ \t]*\r?$/m;
const LANGUAGE_BREAK = /^<!-- *(en|cy) *-->[ \t]*\r?$/m;

/** An update's text in its parts: front matter (YAML), the body, and where each starts. */
export function splitUpdate(raw) {
  const first = raw.match(FENCE);
  if (!first || first.index !== 0) throw new Error("an update starts with front matter between '---' lines");
  const afterOpen = raw.indexOf("\n") + 1;
  const rest = raw.slice(afterOpen);
  const close = rest.match(FENCE);
  if (!close) throw new Error("the update's front matter has no closing '---' line");
  const front = rest.slice(0, close.index);
  const bodyStart = afterOpen + close.index + rest.slice(close.index).indexOf("\n") + 1;
  return { open: raw.slice(0, afterOpen), front, fence: raw.slice(afterOpen + close.index, bodyStart), body: raw.slice(bodyStart) };
}

/** A body by language: English first, each other after `<!-- cy -->`. */
export function bodyParts(body) {
  const parts = {};
  let lang = "en";
  let rest = body;
  for (;;) {
    const m = rest.match(LANGUAGE_BREAK);
    if (!m) break;
    parts[lang] = (parts[lang] ?? "") + rest.slice(0, m.index);
    lang = m[1];
    rest = rest.slice(m.index + m[0].length);
  }
  parts[lang] = (parts[lang] ?? "") + rest;
  for (const k of Object.keys(parts)) parts[k] = parts[k].trim();
  return parts;
}

function bodyText(body, languages) {
  if (languages.length < 2) return `\n${String(body ?? "").trim()}\n`;
  const parts = typeof body === "string" ? { en: body } : body ?? {};
  return `\n${languages.map((l, i) => (i ? `<!-- ${l} -->\n\n` : "") + String(parts[l] ?? "").trim()).join("\n\n")}\n`;
}

/** Updates (`updates/*.md`): front matter as content YAML, the body as `body`. */
export function updateFormat(spec, languages, memory) {
  const bilingual = languages.length > 1;
  const read = (raw) => {
    const { front, body } = splitUpdate(raw);
    const data = toData(parse(front));
    data.body = bilingual ? bodyParts(body) : body.trim();
    return data;
  };
  const frontSpec = { ...spec, fields: spec.fields.filter(([name]) => name !== "body") };
  return format(
    {
      read,
      write(raw, data) {
        const parts = splitUpdate(raw);
        const { body, ...meta } = data;
        const oldBody = bilingual ? bodyParts(parts.body) : parts.body.trim();
        const front = applyData(parts.front, meta, frontSpec);
        const newBody = deepEqual(oldBody, body) || (isBlank(body) && isBlank(oldBody)) ? parts.body : bodyText(body, languages);
        return parts.open + front + parts.fence + newBody;
      },
      fresh(data) {
        const { body, ...meta } = data;
        return `---\n${emitDocument(meta, frontSpec)}---\n${bodyText(body, languages)}`;
      },
    },
    memory,
  );
}
