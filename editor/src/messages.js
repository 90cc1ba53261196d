// Each saved change's commit message, naming what changed in plain words, so the repository's
// history reads as the partnership's change log: "Q4 progress on action 1.1 a of the 2024/25
// plan", "New update: Safe haven scheme launched".
//
// Decap fills its `commit_messages` templates only with the collection's label, the slug, the
// path and the author, so the sentence is made here, from the entry as it was and as it is
// written, with the site's words (`words.messages`, sosafe_gen/site/editor_messages.py). It
// reaches the commit through the backend itself: each backend's `persistEntry` and
// `deleteFiles` (GitHub, GitLab, Azure DevOps, and `sosafe edit`'s local one) is given the
// sentence in place of Decap's templated message, which stays for anything not named here.

import { deepEqual } from "./document.js";
import { HIDDEN } from "./emit.js";
import { strip } from "./format.js";
import { actionsOf, letterRef } from "./progress-widget.js";

const QUARTERS = ["Q1", "Q2", "Q3", "Q4"];
const MANY = 6;
/** Actions named in one message before "and more". */

export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

function firstText(value, languages) {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  return String(value[languages[0]] ?? Object.values(value).find((v) => v) ?? "");
}

function listOf(items, w) {
  if (items.length === 1) return items[0];
  if (items.length > MANY) return fill(w.andMore, { items: items.slice(0, MANY).join(", ") });
  return fill(w.and, { list: items.slice(0, -1).join(", "), last: items[items.length - 1] });
}

/** A plan's progress and statuses: which actions changed, in which quarter, to what. */
export function progressMessage(before, after, plan, w) {
  const old = new Map(actionsOf((before || {}).sections).map(([, , , a]) => [a.id, a]));
  const progress = [];
  const statuses = [];
  const quarters = new Set();
  for (const [, , aim, a] of actionsOf(after.sections)) {
    const was = old.get(a.id) || {};
    const ref = letterRef(aim, a);
    let changed = false;
    for (const q of QUARTERS) {
      if (!deepEqual((was.progress || {})[q] ?? null, (a.progress || {})[q] ?? null)) {
        quarters.add(q);
        changed = true;
      }
    }
    if (!deepEqual(was.progress_to_date ?? null, a.progress_to_date ?? null)) {
      quarters.add("to date");
      changed = true;
    }
    if (changed) progress.push(ref);
    if (!deepEqual(was.status ?? null, a.status ?? null)) statuses.push([ref, (a.status || {}).value ?? ""]);
  }
  const status = (value) => w.statuses[value] ?? value;
  const quarter = quarters.size === 1 && QUARTERS.includes([...quarters][0]) ? [...quarters][0] : null;
  if (progress.length === 1) {
    const message = fill(quarter ? w.quarterOne : w.progressOne, { quarter, ref: progress[0], plan });
    const own = statuses.length === 1 && statuses[0][0] === progress[0];
    return own ? fill(w.withStatus, { message, status: status(statuses[0][1]) }) : message;
  }
  if (progress.length) return fill(quarter ? w.quarterMany : w.progressMany, { quarter, refs: listOf(progress, w), plan });
  if (statuses.length === 1) return fill(w.statusOne, { ref: statuses[0][0], plan, status: status(statuses[0][1]) });
  if (statuses.length) return fill(w.statusMany, { refs: listOf(statuses.map(([ref]) => ref), w), plan });
  return fill(w.plan, { plan });
}

/** Any other entry: new, or edited, by its title (a file of records by its name). */
export function entryMessage({ collection, slug, isNew, data, w, languages }) {
  const title = firstText(data.title, languages) || firstText(data.id, languages) || slug || "";
  if (isNew && w.new[collection]) return fill(w.new[collection], { title });
  const edited = w.edited[collection] ?? w.edited[slug];
  return edited ? fill(edited, { title }) : null;
}

/** The message for a save: `before` and `after` are the entry's data (before: null, new). */
export function commitMessage({ collection, slug, before, after, isNew, w, languages, plans }) {
  if (collection === "progress" && plans.has(slug)) return progressMessage(before, after, plans.get(slug), w);
  return entryMessage({ collection, slug, isNew, data: after, w, languages });
}

/**
 * Name every commit the backends make: each save's sentence is made before Decap writes it
 * (preSave: the entry as read, as it will be written) and handed to the backend's
 * `persistEntry` in place of Decap's message; a deletion's likewise (preUnpublish).
 */
export function nameCommits({ CMS, backends, formats, memory, words, languages, plans }) {
  const w = words.messages;
  let pending = null;
  const take = (kind, fallback) => {
    const message = pending && pending.kind === kind ? pending.message : null;
    pending = null;
    return message || fallback;
  };
  for (const name of new Set(backends)) {
    const registered = CMS.getBackend(name);
    if (!registered || registered.sosafeNamed) continue;
    const init = registered.init;
    registered.init = (...args) => {
      const impl = init(...args);
      const persist = impl.persistEntry.bind(impl);
      impl.persistEntry = (entry, options) => persist(entry, { ...options, commitMessage: take("save", options.commitMessage) });
      if (impl.deleteFiles) {
        const remove = impl.deleteFiles.bind(impl);
        impl.deleteFiles = (paths, message) => remove(paths, take("delete", message));
      }
      return impl;
    };
    registered.sosafeNamed = true;
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      pending = null;
      try {
        const collection = entry.get("collection");
        const fmt = formats.get(collection);
        const data = entry.get("data").toJS();
        const k = data[HIDDEN];
        const read = k === undefined ? undefined : memory.now.get(k) ?? memory.base(k);
        const isNew = !!entry.get("newRecord") || read === undefined;
        const before = isNew || !fmt ? null : fmt.read(read);
        const after = fmt && !isNew ? fmt.read(fmt.toFile(data)) : strip(data);
        const message = commitMessage({ collection, slug: entry.get("slug"), before, after, isNew, w, languages, plans });
        if (message) pending = { kind: "save", message };
      } catch (err) {
        console.error(err); // Decap's own message is used
      }
      return undefined;
    },
  });

  CMS.registerEventListener({
    name: "preUnpublish",
    handler: ({ entry }) => {
      const data = entry && entry.get("data") ? strip(entry.get("data").toJS()) : {};
      const title = firstText(data.title, languages) || entry.get("slug");
      pending = { kind: "delete", message: fill(w.deleted, { title }) };
      return undefined;
    },
  });
}
