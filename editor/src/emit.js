// New values in the house style: what `sosafe_gen/edit/yaml_rt.py` (ruamel.yaml, mapping
// indent 2, sequence indent 4 with offset 2) writes. Ids lists and small records (a source, a
// period, a lead, a status) are flow style (`{document: x}`, `[a, b]`); text of more than one
// line is a `|-` block; keys follow the model's field order.
//
// A spec is the model's shape, generated from the pydantic models (sosafe_gen/site/editor.py):
//   {t: "map", fields: [[name, spec], ...], flow}   a record
//   {t: "list", of: spec, flow}                     a list
//   {t: "dict", keys: ["Q1", ...], of: spec}        progress by quarter
//   {t: "text" | "md" | "str" | "id" | "date" | "int" | "float" | "bool" | "any", tr}
// `tr`: a text readers see, written `{en: …, cy: …}` on a bilingual site.

import { allowsSingle, cleanText, doubleQuoted, isBlock, literalBlock, quoted, scalarText, textStyle } from "./scalar.js";

export const HIDDEN = "__sosafe";
const LANGUAGES = ["en", "cy"];

export function isBlank(v) {
  if (v === undefined || v === null || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v).every((k) => k === HIDDEN || isBlank(v[k]));
  return false;
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The spec of a mapping's key (a record's field, a quarter, a language of a text). */
export function specOf(spec, key) {
  if (!spec) return null;
  if (spec.t === "map") {
    const f = spec.fields.find(([name]) => name === key);
    return f ? f[1] : null;
  }
  if (spec.t === "dict") return spec.of;
  if (spec.tr && LANGUAGES.includes(key)) return { t: spec.t };
  return null;
}

/** A mapping's keys in the model's order, then any others as they stand. */
export function orderKeys(data, spec) {
  const keys = Object.keys(data).filter((k) => k !== HIDDEN);
  let order = [];
  if (spec && spec.t === "map") order = spec.fields.map(([name]) => name);
  else if (spec && spec.t === "dict") order = spec.keys;
  else if (spec && spec.tr) order = LANGUAGES;
  const known = order.filter((k) => keys.includes(k));
  return [...known, ...keys.filter((k) => !order.includes(k))];
}

const FLOW_PLAIN = /^[\p{L}\p{N}_][\p{L}\p{N}_ .()/&'’–+-]*$/u;

/** A value in flow style, as `yaml_rt.flow` quotes it. */
export function flowText(v, spec) {
  if (Array.isArray(v)) return "[" + v.map((x) => flowText(x, spec && spec.of)).join(", ") + "]";
  if (isPlainObject(v)) {
    const keys = orderKeys(v, spec).filter((k) => !isBlank(v[k]));
    return "{" + keys.map((k) => `${k}: ${flowText(v[k], specOf(spec, k))}`).join(", ") + "}";
  }
  if (typeof v === "string") {
    const s = cleanText(v);
    if (spec && spec.t === "date" && /^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
    return FLOW_PLAIN.test(s) ? quoted(s, textStyle(s, { flow: true })) : doubleQuoted(s);
  }
  return scalarText(v);
}

function hasBreak(v) {
  if (typeof v === "string") return cleanText(v).includes("\n");
  if (Array.isArray(v)) return v.some(hasBreak);
  if (isPlainObject(v)) return Object.values(v).some(hasBreak);
  return false;
}

/**
 * A value written after `key: ` (or `- `): a scalar, a `|-` block (ending in a newline) or a
 * flow collection; null when it is written as a block under its key. `keepFlow`: the value
 * replaces one written in flow style, which it keeps where its text allows.
 */
export function inlineText(v, spec, col, keepFlow = false, reuse = null, was = null) {
  const kept = reuse && isPlainObject(v) ? reuse(v) : null;
  if (kept) return kept;
  if (typeof v === "string") {
    const s = cleanText(v);
    if (isBlock(s)) return literalBlock(s, col + 2);
    if (was) return styledText(s, was, col);
    return scalarText(s, { date: spec && spec.t === "date" });
  }
  if (typeof v !== "object" || v === null) return scalarText(v);
  if (Array.isArray(v) && v.length === 0) return "[]";
  if (isPlainObject(v) && isBlank(v)) return "{}";
  // A value of a known shape is written in the house style (a text in two languages as a
  // block, as `sosafe progress --welsh` writes it); one the model leaves open keeps its flow.
  // A title-like text in two languages is one line, `{en: …, cy: …}` (the templates' way).
  const open = !spec || spec.t === "any";
  const oneLine = spec && spec.tr && spec.t === "text";
  const flow = (keepFlow && open) || (spec && spec.flow) || oneLine || (Array.isArray(v) && spec && spec.of && spec.of.t === "id");
  if (flow && !hasBreak(v)) return flowText(v, spec);
  return null;
}

/**
 * A text replacing a mapping's value written in a style of its own keeps that style, as
 * ruamel keeps a quoted or block scalar's type when a key is given a new text
 * (`CommentedMap.__setitem__`); `was` is the old node's type.
 */
function styledText(s, was, col) {
  if (was === "QUOTE_DOUBLE") return doubleQuoted(s);
  if (was === "QUOTE_SINGLE") return quoted(s, allowsSingle(s) ? "single" : "double");
  if (was === "BLOCK_LITERAL") return literalBlock(s, col + 2);
  if (was === "BLOCK_FOLDED") return literalBlock(s, col + 2).replace(/^\|/, ">");
  return scalarText(s);
}

/** `key: value` at column `col`, and any block under it, each line ending in a newline. */
export function emitPair(key, v, spec, col, reuse = null) {
  const pad = " ".repeat(col);
  const inline = inlineText(v, spec, col, false, reuse);
  if (inline !== null) return inline.endsWith("\n") ? `${pad}${key}: ${inline}` : `${pad}${key}: ${inline}\n`;
  if (Array.isArray(v)) {
    return `${pad}${key}:\n` + v.map((x) => emitItem(x, spec && spec.of, col + 2, reuse)).join("");
  }
  return `${pad}${key}:\n` + block(v, spec, col + 2, reuse);
}

function block(v, spec, col, reuse) {
  return orderKeys(v, spec)
    .filter((k) => !isBlank(v[k]))
    .map((k) => emitPair(k, v[k], specOf(spec, k), col, reuse))
    .join("");
}

/** `- value` with its dash at `dashCol`. */
export function emitItem(v, spec, dashCol, reuse = null) {
  const pad = " ".repeat(dashCol);
  const inline = inlineText(v, spec, dashCol, false, reuse);
  if (inline !== null) return inline.endsWith("\n") ? `${pad}- ${inline}` : `${pad}- ${inline}\n`;
  if (Array.isArray(v)) return `${pad}- ${flowText(v, spec)}\n`;
  const text = block(v, spec, dashCol + 2, reuse);
  return `${pad}- ` + text.slice(dashCol + 2);
}
