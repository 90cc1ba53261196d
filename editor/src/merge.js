// Two people editing one file at once: a three-way merge of its data, value by value.
//
// `base` is the file as this editor read it, `ours` the form's data, `theirs` the file as it is
// now (someone saved meanwhile). A value only one side changed takes that side's; a value both
// changed the same way is kept; a value both changed differently is a conflict, and nothing is
// written: the editor says which values and asks to reload. Lists of records are matched by
// `id` (actions, aims, sections), so one person's progress on action 1-1-a and another's on
// 2-1-b both land.

import { deepEqual } from "./document.js";

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function ids(list) {
  if (!Array.isArray(list) || !list.every((v) => isObject(v) && typeof v.id === "string")) return null;
  const out = list.map((v) => v.id);
  return new Set(out).size === out.length ? out : null;
}

export function mergeData(base, ours, theirs) {
  const conflicts = [];
  const merged = merge(base, ours, theirs, [], conflicts);
  return { merged, conflicts };
}

function merge(base, ours, theirs, path, conflicts) {
  if (deepEqual(ours, theirs)) return theirs;
  if (deepEqual(ours, base)) return theirs;
  if (deepEqual(theirs, base)) return ours;
  if ((isObject(base) || base === undefined || base === null) && isObject(ours) && isObject(theirs)) {
    base = base ?? {}; // both added the record: merge what each put in it
    const out = {};
    const keys = [...new Set([...Object.keys(theirs), ...Object.keys(ours), ...Object.keys(base)])];
    for (const k of keys) {
      const v = merge(base[k], ours[k], theirs[k], [...path, k], conflicts);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  const [b, o, t] = [ids(base), ids(ours), ids(theirs)];
  if (b && o && t && deepEqual(b, o) && deepEqual(b, t)) {
    return theirs.map((item, i) => merge(base[i], ours[i], item, [...path, item.id], conflicts));
  }
  if (Array.isArray(base) && Array.isArray(ours) && Array.isArray(theirs)) {
    if (base.length === ours.length && base.length === theirs.length && !b) {
      return theirs.map((item, i) => merge(base[i], ours[i], item, [...path, i], conflicts));
    }
  }
  conflicts.push(path.join("."));
  return theirs;
}
