// A content file changed in place: only the values that changed are rewritten, so every
// comment, key order, quoting and block style of the rest survives, and the diff is the edit.
//
// The file is parsed with the `yaml` package (YAML 1.1, as the content reader, with dates
// kept as text), which records each node's source range. The old and new data are compared
// and each change becomes a splice of the source text: a scalar's range replaced, a pair or
// list item inserted at its siblings' indentation (in the model's field order) or removed.
// New values are written in the house style (see `emit.js`), which is what the `sosafe`
// commands write, so an edit through the editor gives the same diff as the command.

import { isMap, isScalar, isSeq, parseDocument } from "yaml";

import { emitItem, emitPair, flowText, inlineText, isBlank, orderKeys, specOf } from "./emit.js";

// The `yaml` package's YAML 1.1 exponent float reads any word of E and digits as a number
// (`E07000999`, an area code, became NaN); PyYAML's resolver needs a dot and a signed
// exponent, so its pattern is used.
const PYYAML_EXP = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/;
const NO_TIMESTAMPS = (tags) =>
  tags
    .filter((t) => !String(t.tag).endsWith(":timestamp"))
    .map((t) => (t.tag === "tag:yaml.org,2002:float" && t.format === "EXP" ? { ...t, test: PYYAML_EXP } : t));

/** A content file's YAML document (positions kept); a YAML error is thrown with its line. */
export function parse(raw) {
  const doc = parseDocument(raw, { version: "1.1", customTags: NO_TIMESTAMPS, uniqueKeys: true });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const at = err.linePos ? ` (line ${err.linePos[0].line}, column ${err.linePos[0].col})` : "";
    throw new Error(`${err.message.split("\n")[0]}${at}`);
  }
  return doc;
}

/** The document's data as plain values (what the editor's form holds). */
export function toData(doc) {
  const data = doc.toJS({ maxAliasCount: 0 });
  return data === null || data === undefined ? {} : data;
}

export function deepEqual(a, b) {
  if (a === b) return true;
  if (isBlank(a) && isBlank(b)) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (typeof a === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * `raw` with `next` as its data: the values that differ from the file's own are rewritten
 * and nothing else. `spec` is the model's shape (field order, house style) for new values.
 */
export function applyData(raw, next, spec) {
  const doc = parse(raw);
  const base = toData(doc);
  if (deepEqual(base, next)) return raw;
  const ed = new Editor(raw, doc);
  if (!isMap(doc.contents)) return emitDocument(next, spec);
  ed.map(doc.contents, base, next, spec, 0);
  return ed.result();
}

/** A whole new file in the house style. */
export function emitDocument(data, spec) {
  return orderKeys(data, spec)
    .filter((k) => !isBlank(data[k]))
    .map((k) => emitPair(k, data[k], specOf(spec, k), 0))
    .join("");
}

class Editor {
  constructor(raw, doc) {
    this.raw = raw;
    this.doc = doc;
    this.splices = [];
    this.vacated = [];
    this.reuse = (v) => this.reuseText(v);
  }

  result() {
    let out = this.raw;
    // From the end back, so each splice's positions still hold; two at one place keep the
    // order they were made in (a quarter added to progress, then a status after it).
    const sorted = this.splices.map((s, i) => ({ ...s, i })).sort((a, b) => b.start - a.start || b.i - a.i);
    let limit = Infinity;
    for (const s of sorted) {
      if (s.end > limit && s.start !== s.end) throw new Error("overlapping edits");
      out = out.slice(0, s.start) + s.text + out.slice(s.end);
      limit = s.start;
    }
    return out;
  }

  splice(start, end, text) {
    this.splices.push({ start, end, text });
  }

  lineStart(pos) {
    return this.raw.lastIndexOf("\n", pos - 1) + 1;
  }

  lineEnd(pos) {
    const i = this.raw.indexOf("\n", pos);
    return i < 0 ? this.raw.length : i + 1;
  }

  /** Where a node's value ends: after the newline of its last line. */
  valueEnd(node) {
    const end = node.range[1];
    return end > 0 && this.raw[end - 1] === "\n" ? end : this.lineEnd(end);
  }

  column(pos) {
    return pos - this.lineStart(pos);
  }

  /** A block mapping's changes, pair by pair; `col` is its keys' column. */
  map(node, base, next, spec, col) {
    const pairs = node.items;
    const keyOf = (p) => (isScalar(p.key) ? String(p.key.value) : null);
    const present = new Set(pairs.map(keyOf));
    for (const pair of pairs) {
      const k = keyOf(pair);
      if (k === null || k === "__sosafe") continue;
      if (isBlank(next[k])) {
        if (!isBlank(base[k])) this.splice(this.lineStart(pair.key.range[0]), this.pairEnd(pair), "");
        continue;
      }
      if (!deepEqual(base[k], next[k])) this.value(pair, base[k], next[k], specOf(spec, k), col);
    }
    const order = orderKeys(next, spec);
    for (const k of order) {
      if (present.has(k) || isBlank(next[k])) continue;
      const text = emitPair(k, next[k], specOf(spec, k), col, this.reuse);
      const rank = order.indexOf(k);
      const after = pairs.find((p) => order.indexOf(keyOf(p)) > rank);
      if (after && this.ownLine(after.key.range[0])) {
        this.splice(this.lineStart(after.key.range[0]), this.lineStart(after.key.range[0]), text);
      } else if (pairs.length) {
        const end = this.afterComments(this.pairEnd(pairs[pairs.length - 1]));
        this.splice(end, end, this.raw[end - 1] === "\n" || end === 0 ? text : "\n" + text);
      } else {
        throw new Error(`cannot add ${k} to an empty mapping`);
      }
    }
  }

  /** Past the comment and blank lines from `pos`: ruamel holds them with the value before
   * them, so what it appends to a mapping or list comes after them. */
  afterComments(pos) {
    let at = pos;
    while (at < this.raw.length) {
      const end = this.lineEnd(at);
      if (!/^[ \t]*(#.*)?\r?\n?$/.test(this.raw.slice(at, end))) break;
      at = end;
    }
    return at;
  }

  /** Whether the text before `pos` on its line is only spaces (not `- `). */
  ownLine(pos) {
    return /^ *$/.test(this.raw.slice(this.lineStart(pos), pos));
  }

  pairEnd(pair) {
    return pair.value ? this.valueEnd(pair.value) : this.lineEnd(pair.key.range[1]);
  }

  /** One pair's value changed: rewritten in place where it is inline, else the pair. */
  value(pair, old, next, spec, col) {
    const node = pair.value;
    if (isMap(node) && !node.flow && isPlainObject(next) && isPlainObject(old)) {
      const first = node.items[0];
      if (first) return this.map(node, old, next, spec, this.column(first.key.range[0]));
    }
    if (isSeq(node) && !node.flow && Array.isArray(next) && Array.isArray(old) && node.items.length) {
      return this.seq(node, old, next, spec, col);
    }
    const was = isScalar(node) && typeof old === "string" && node.type !== "PLAIN" ? node.type : null;
    const inline = node && (isScalar(node) || node.flow) ? inlineText(next, spec, col, node.flow, null, was) : null;
    if (inline !== null) {
      if (isMap(node) && node.flow) this.vacated.push(node);
      const start = node.range[0];
      let end = node.range[1];
      let text = inline;
      const oldEndsLine = this.raw[end - 1] === "\n";
      if (oldEndsLine && !text.endsWith("\n")) text += "\n";
      if (!oldEndsLine && text.endsWith("\n")) text = text.slice(0, -1);
      this.splice(start, end, text);
      return;
    }
    this.splice(this.lineStart(pair.key.range[0]), this.pairEnd(pair), emitPair(String(pair.key.value), next, spec, col, this.reuse));
  }

  /** A block sequence's changes: items matched by id (or equal value), others added or removed. */
  seq(node, old, next, spec, col) {
    const itemSpec = spec && spec.of;
    const items = node.items;
    const dashCol = this.column(this.dash(items[0]));
    const match = matchItems(old, next);
    let lastEnd = null;
    const inserts = [];
    for (let j = 0; j < next.length; j++) {
      const i = match.get(j);
      if (i === undefined) {
        inserts.push(j);
        continue;
      }
      this.flushInserts(inserts, next, itemSpec, dashCol, this.lineStart(this.dash(items[i])));
      if (!deepEqual(old[i], next[j])) this.item(items[i], old[i], next[j], itemSpec, dashCol);
      lastEnd = this.valueEnd(items[i]);
    }
    const used = new Set(match.values());
    items.forEach((it, i) => {
      if (!used.has(i)) this.splice(this.lineStart(this.dash(it)), this.valueEnd(it), "");
    });
    if (inserts.length) {
      const end = this.afterComments(lastEnd ?? this.valueEnd(items[items.length - 1]));
      this.flushInserts(inserts, next, itemSpec, dashCol, end);
    }
  }

  flushInserts(inserts, next, itemSpec, dashCol, at) {
    if (!inserts.length) return;
    const text = inserts.map((j) => emitItem(next[j], itemSpec, dashCol, this.reuse)).join("");
    this.splice(at, at, text);
    inserts.length = 0;
  }

  /** A value moved from where it stood (a status into its history) keeps its text, as the
   * commands move the node itself: the text of a replaced flow mapping equal to `value`. */
  reuseText(value) {
    const found = this.vacated.find((node) => deepEqual(node.toJSON(), value));
    const text = found ? this.raw.slice(found.range[0], found.range[1]) : null;
    return text && !text.includes("\n") ? text : null;
  }

  item(node, old, next, spec, dashCol) {
    if (isMap(node) && !node.flow && isPlainObject(old) && isPlainObject(next)) {
      return this.map(node, old, next, spec, this.column(node.items[0].key.range[0]));
    }
    const inline = isScalar(node) || node.flow ? inlineText(next, spec, dashCol + 2, node.flow) : null;
    if (inline !== null && !inline.includes("\n")) {
      this.splice(node.range[0], node.range[1], inline);
      return;
    }
    this.splice(this.lineStart(this.dash(node)), this.valueEnd(node), emitItem(next, spec, dashCol, this.reuse));
  }

  /** The position of a list item's `-`. */
  dash(node) {
    let i = node.range[0] - 1;
    while (i >= 0 && this.raw[i] !== "-") i--;
    return i;
  }
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Which old item each new one is (by index): same id, else equal value, in order. */
function matchItems(old, next) {
  const key = (v) => (isPlainObject(v) && typeof v.id === "string" ? `id:${v.id}` : null);
  const out = new Map();
  if (old.length === next.length && old.every((v, i) => key(v) === key(next[i]))) {
    next.forEach((_, j) => out.set(j, j));
    return out;
  }
  // Longest common subsequence of item identities (an id, or the value itself).
  const ident = (v) => key(v) ?? JSON.stringify(v);
  const a = old.map(ident);
  const b = next.map(ident);
  const n = a.length;
  const m = b.length;
  const L = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.set(j, i);
      i++;
      j++;
    } else if (L[i + 1][j] >= L[i][j + 1]) i++;
    else j++;
  }
  return out;
}

export { flowText };
