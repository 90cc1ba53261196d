// Scalars written as `sosafe progress` writes them (sosafe_gen/edit/yaml_rt.py): ruamel.yaml's
// choice of style, ported, so a value the editor writes is the same bytes the command writes.
//
// Two YAML readers decide a style: the content reader (PyYAML, YAML 1.1) must read a plain
// scalar back as the same text, or the value is double-quoted (`text_value` and
// `represent_str`); then ruamel's emitter (YAML 1.2) keeps it plain only where its own resolver
// reads it as text and the characters allow it, else single- or double-quotes it.

const X = (s) => new RegExp(s.replace(/\s+/g, ""));

// PyYAML's implicit resolvers, less timestamps (content.load keeps dates as text).
const YAML11 = [
  ["FNOTYfnoty", X(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)],
  ["Nn~", X(`^(?:~|null|Null|NULL)$`)],
  [
    "+-.0123456789",
    X(`^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?
      |\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
      |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*
      |[-+]?\\.(?:inf|Inf|INF)
      |\\.(?:nan|NaN|NAN))$`),
  ],
  [
    "+-0123456789",
    X(`^(?:[-+]?0b[0-1_]+
      |[-+]?0[0-7_]+
      |[-+]?(?:0|[1-9][0-9_]*)
      |[-+]?0x[0-9a-fA-F_]+
      |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`),
  ],
  ["<", /^<<$/],
  ["=", /^=$/],
  ["!&*", /^(?:!|&|\*)$/],
];

const TIMESTAMP = X(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
  |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
  (?:[Tt]|[ \\t]+)[0-9][0-9]?
  :[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?
  (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`);

// ruamel.yaml's YAML 1.2 resolvers.
const YAML12 = [
  ["FTft", /^(?:true|True|TRUE|false|False|FALSE)$/],
  [
    "+-.0123456789",
    X(`^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
      |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
      |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
      |[-+]?\\.(?:inf|Inf|INF)
      |\\.(?:nan|NaN|NAN))$`),
  ],
  ["+-0123456789", X(`^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$`)],
  ["0123456789", TIMESTAMP],
  ["<", /^<<$/],
  ["Nn~", X(`^(?:~|null|Null|NULL)$`)],
  ["=", /^=$/],
  ["!&*", /^(?:!|&|\*)$/],
];

function resolvesAsText(value, resolvers) {
  if (value === "") return false; // null
  return !resolvers.some(([first, rx]) => first.includes(value[0]) && rx.test(value));
}

/** Whether the content reader (PyYAML) reads `value`, unquoted, as that text. */
export function readsAsText(value) {
  return resolvesAsText(value, YAML11);
}

const BREAKS = /[\x85\u2028\u2029]/;
const IN_BLOCK = /^[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const WS = "\0 \t\r\n\x85\u2028\u2029";

/** ruamel's `analyze_scalar`: which styles can hold the text as it is. */
function analyze(s) {
  if (!s) return { empty: true, multiline: false, flowPlain: false, blockPlain: true, single: true, double: true };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (s.startsWith("---") || s.startsWith("...")) blockInd = flowInd = true;
  const chars = Array.from(s);
  let precededByWs = true;
  let followedByWs = chars.length === 1 || WS.includes(chars[1]);
  let prevSpace = false;
  let prevBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) flowInd = blockInd = true;
      if ("?:".includes(ch)) {
        if (chars.length === 1) flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === "-" && followedByWs) flowInd = blockInd = true;
    } else {
      if (",[]{}".includes(ch)) flowInd = true;
      if (ch === ":" && followedByWs) flowInd = blockInd = true;
      if (ch === "#" && precededByWs) flowInd = blockInd = true;
    }
    if ("\n\x85\u2028\u2029".includes(ch)) lineBreaks = true;
    if (!(ch === "\n" || (ch >= "\x20" && ch <= "\x7e"))) {
      const unicode =
        ch === "\x85" ||
        (ch >= "\xa0" && ch <= "\ud7ff") ||
        (ch >= "\ue000" && ch <= "\ufffd") ||
        ch.codePointAt(0) >= 0x10000;
      if (!unicode || ch === "\ufeff") special = true;
    }
    if (ch === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if ("\n\x85\u2028\u2029".includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = WS.includes(ch);
    followedByWs = i + 2 >= chars.length || WS.includes(chars[i + 2]);
  }
  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (breakSpace) flowPlain = blockPlain = single = false;
  if (special || spaceBreak) flowPlain = blockPlain = single = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowInd) flowPlain = false;
  if (blockInd) blockPlain = false;
  return { empty: false, multiline: lineBreaks, flowPlain, blockPlain, single, double: true };
}

const ESCAPES = {
  "\0": "0",
  "\x07": "a",
  "\x08": "b",
  "\t": "t",
  "\n": "n",
  "\x0b": "v",
  "\x0c": "f",
  "\r": "r",
  "\x1b": "e",
  '"': '"',
  "\\": "\\",
  "\x85": "N",
  "\u2028": "L",
  "\u2029": "P",
};

function hex(code, width) {
  return code.toString(16).toUpperCase().padStart(width, "0");
}

export function doubleQuoted(s) {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0);
    const printable =
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (ch in ESCAPES) out += "\\" + ESCAPES[ch];
    else if (!printable || ch === "\ufeff") {
      out += code <= 0xff ? "\\x" + hex(code, 2) : code <= 0xffff ? "\\u" + hex(code, 4) : "\\U" + hex(code, 8);
    } else out += ch;
  }
  return out + '"';
}

/** The style ruamel gives a text: "plain", "single" or "double" (`flow`: inside [..] or {..}). */
export function textStyle(s, { flow = false, key = false } = {}) {
  if (!(readsAsText(s) && !BREAKS.test(s))) return "double";
  const a = analyze(s);
  if (resolvesAsText(s, YAML12) && !(key && (a.empty || a.multiline)) && (flow ? a.flowPlain : a.blockPlain)) {
    return "plain";
  }
  if (s.includes("'") || s.includes("\n")) return "double";
  return a.single && !(key && a.multiline) ? "single" : "double";
}

/** Whether single quotes can hold the text (ruamel's analysis). */
export function allowsSingle(s) {
  return analyze(s).single;
}

export function quoted(s, style) {
  if (style === "plain") return s;
  if (style === "single") return "'" + s.replaceAll("'", "''") + "'";
  return doubleQuoted(s);
}

/** `text_value`: text as the commands store it, without surrounding space or CR. */
export function cleanText(text) {
  return text.replace(/\r\n?/g, "\n").trim();
}

/** Whether a cleaned text is written as a `|-` block (more than one line, printable). */
export function isBlock(text) {
  return text.includes("\n") && IN_BLOCK.test(text);
}

/** A `|-` block whose lines stand at `indent` spaces (the header goes after `key: `). */
export function literalBlock(text, indent) {
  const pad = " ".repeat(indent);
  const hint = " \n\x85\u2028\u2029".includes(text[0]) ? "2" : "";
  return `|${hint}-\n` + text.split("\n").map((line) => (line ? pad + line : "")).join("\n") + "\n";
}

/**
 * One scalar value as ruamel writes it: text (quoted as needed), a number, true/false, null.
 * A date field's text stays plain (`date: 2025-11-25`), as the files and templates write it.
 */
export function scalarText(value, { flow = false, date = false } = {}) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberText(value);
  const s = String(value);
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  return quoted(s, textStyle(s, { flow }));
}

/** Numbers as Python writes them: 3, 2.5, 1e-05 is not expected in content (plain decimals). */
export function numberText(n) {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  if (Number.isInteger(n)) return String(n);
  return String(n);
}
