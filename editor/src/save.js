// Saving without losing anyone's edit.
//
// Before a save, the file is read again from the backend: if someone saved it since this form
// read it, the two edits are merged value by value (merge.js), or, where both changed the same
// value, the save is refused with the values named. The backend of `sosafe edit` then checks,
// as it writes, that the file is still the one this save was merged onto (another save may have
// landed in between) and runs `sosafe check` on the content with the change in it; a refusal
// comes back here and is shown until it is closed.

import { strip } from "./format.js";
import { HIDDEN } from "./emit.js";
import { mergeData } from "./merge.js";

/** A value's place as people name it: "Action 1-1-c: progress › Q4", else its path. */
export function where(path, words) {
  const parts = path.split(".");
  const at = parts.lastIndexOf("actions");
  if (at >= 0 && parts[at + 1]) {
    const rest = parts.slice(at + 2).join(" › ");
    return words.actionRef.replace("%(ref)s", parts[at + 1]) + (rest ? `: ${rest}` : "");
  }
  return parts.join(" › ");
}

export async function sha256(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A message that stays until closed (Decap's own notices vanish after a few seconds). */
export function showNotice(words, title, lines = []) {
  hideNotice();
  const box = document.createElement("div");
  box.id = "sosafe-notice";
  box.className = "sosafe-notice";
  box.setAttribute("role", "alert");
  const heading = document.createElement("h2");
  heading.textContent = title;
  box.append(heading);
  if (lines.length) {
    const list = document.createElement("ul");
    for (const line of lines) {
      const item = document.createElement("li");
      item.textContent = line;
      list.append(item);
    }
    box.append(list);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = words.close;
  close.addEventListener("click", hideNotice);
  box.append(close);
  document.body.append(box);
  return box;
}

export function hideNotice() {
  document.getElementById("sosafe-notice")?.remove();
}

async function call(url, action, params) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: JSON.stringify({ action, params }),
  });
  const json = await res.json().catch(() => ({}));
  return { ok: res.ok, json };
}

const REFUSABLE = ["persistEntry", "publishUnpublishedEntry", "updateUnpublishedEntryStatus", "deleteFile", "deleteFiles"];
/** The local backend's actions whose refusal is shown until it is closed. */

/**
 * The save guard, for the local backend (`sosafe edit`) at `url`. In the editorial workflow
 * a save lands on its entry's draft, so the file it is merged onto is the draft's (as the
 * backend would lay it onto the site's branch now), asked for with `sosafeCurrent`.
 */
export function installGuard({ CMS, formats, memory, url, branch, workflow, words }) {
  const written = new Map();

  CMS.registerEventListener({
    name: "preSave",
    handler: async ({ entry }) => {
      hideNotice();
      const fmt = formats.get(entry.get("collection"));
      const data = entry.get("data").toJS();
      const k = data[HIDDEN];
      const path = entry.get("path");
      if (!fmt || k === undefined || !path || entry.get("newRecord")) return undefined;
      const base = memory.base(k);
      const entryAt = { branch, path, collection: entry.get("collection"), slug: entry.get("slug"), workflow };
      const { ok, json } = await call(url, "sosafeCurrent", entryAt);
      if (!ok && json.sosafe) {
        showNotice(words, words.notSaved, json.problems || [json.error]);
        throw new Error(json.error);
      }
      const now = ok && typeof json.data === "string" ? json.data : null;
      if (now === null) {
        showNotice(words, words.notSaved, [words.fileGone]);
        throw new Error(words.fileGone);
      }
      if (now !== base) {
        const { conflicts } = mergeData(fmt.read(base), strip(data), fmt.read(now));
        if (conflicts.length) {
          showNotice(words, words.notSaved, [words.conflict, ...conflicts.map((c) => where(c, words)), words.conflictHint]);
          throw new Error(words.conflict);
        }
        memory.rebase(k, now);
      }
      const raw = fmt.toFile(data);
      written.set(k, raw);
      await call(url, "sosafeExpect", { branch, path, base: await sha256(now), raw: await sha256(raw.endsWith("\n") ? raw : raw + "\n") });
      return undefined;
    },
  });

  CMS.registerEventListener({
    name: "postSave",
    handler: ({ entry }) => {
      const k = entry.get("data").get(HIDDEN);
      if (k !== undefined && written.has(k)) memory.saved(k, written.get(k));
      written.delete(k);
    },
  });

  // The backend's refusal of a save (the check's problems, or a file changed meanwhile).
  const fetch0 = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await fetch0(input, init);
    const body = init && typeof init.body === "string" ? init.body : "";
    const refusable = REFUSABLE.some((action) => body.includes(`"action":"${action}"`));
    if (String(input).startsWith(url) && !res.ok && refusable) {
      const json = await res.clone().json().catch(() => ({}));
      if (json.sosafe) showNotice(words, words.notSaved, json.problems || [json.error]);
    }
    return res;
  };
}
