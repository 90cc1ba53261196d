// The plan rule `sosafe progress --status` keeps (sosafe_gen/edit/progress.py, set_status): a
// status recorded elsewhere (another quarter, another document) that a new one replaces moves
// to `status_history`, oldest first, so the plan's page can say what changed.

import { deepEqual } from "./document.js";

function eachAction(sections, fn) {
  for (const sec of sections || []) for (const aim of sec.aims || []) for (const a of aim.actions || []) fn(a);
}

/** `ours` (a plan's data) with each replaced status moved into its action's history. */
export function withHistory(base, ours) {
  const before = new Map();
  eachAction(base.sections, (a) => before.set(a.id, a));
  const out = structuredClone(ours);
  eachAction(out.sections, (a) => {
    const old = before.get(a.id);
    if (!old || !old.status || !a.status || deepEqual(old.status, a.status)) return;
    const elsewhere = old.status.quarter !== a.status.quarter || !deepEqual(old.status.source ?? null, a.status.source ?? null);
    const history = old.status_history || [];
    if (elsewhere && deepEqual(a.status_history || [], history)) a.status_history = [...history, old.status];
  });
  return out;
}
