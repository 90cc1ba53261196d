// `sosafe-progress`: a plan's actions, each with its progress (by quarter, or to date) and its
// status with where the status comes from. The plan's own words (sections, aims, the action's
// text) are shown to read, never to retype: only progress and status are fields.
//
// Its value is the plan's `sections` as they are in the file; a change sets one action's
// progress text or status (`{value, quarter}` and/or `source`). Moving an earlier status into
// `status_history` is the format's work (plan-rules.js), as `sosafe progress` does it.

import { textProblem } from "./text-widget.js";

const h = (...args) => window.h(...args);
const QUARTERS = ["Q1", "Q2", "Q3", "Q4"];

function first(value, languages) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return (value.get ? value.get(languages[0]) : value[languages[0]]) ?? "";
}

function plain(value) {
  return value && value.toJS ? value.toJS() : value;
}

/** Every action with its place: [path to the action, section, aim, action]. */
export function actionsOf(sections) {
  const out = [];
  (sections || []).forEach((sec, i) =>
    (sec.aims || []).forEach((aim, j) =>
      (aim.actions || []).forEach((a, k) => out.push([[i, "aims", j, "actions", k], sec, aim, a])),
    ),
  );
  return out;
}

/** "1.1 a": the aim's number and the action's letter, as the site quotes an action. */
export function letterRef(aim, action) {
  const letter = String(action.ref ?? "").replace(/[()).\s]/g, "");
  return [aim.number ?? "", letter || action.id].filter(Boolean).join(" ");
}

/** "Action 1.1 a" as the site quotes it. */
export function reference(aim, action, words) {
  return words.actionRef.replace("%(ref)s", letterRef(aim, action));
}

/** The problems `sosafe check` and `sosafe progress` would raise for the actions' progress. */
export function progressProblems(sections, initial, { languages, mode, words }) {
  const problems = [];
  const before = new Map(actionsOf(initial).map(([, , , a]) => [a.id, a]));
  for (const [, , aim, a] of actionsOf(sections)) {
    const ref = reference(aim, a, words);
    const texts = mode === "to_date" ? [["progress_to_date", a.progress_to_date]] : QUARTERS.map((q) => [q, (a.progress || {})[q]]);
    for (const [q, t] of texts) {
      const problem = t ? textProblem(t, { languages, required: false, words, draft: false }) : "";
      if (problem) problems.push(`${ref}, ${q === "progress_to_date" ? words.toDate : q}: ${problem}`);
    }
    const s = a.status;
    if (s && !s.quarter && !(s.source && s.source.document)) problems.push(`${ref}: ${words.statusWhere}`);
    const old = before.get(a.id);
    if (s && old && old.status && old.status.quarter && s.quarter && s.quarter < old.status.quarter) {
      problems.push(`${ref}: ${words.statusOrder.replace("%(quarter)s", old.status.quarter)}`);
    }
  }
  return problems;
}

export function makeProgressWidget(words) {
  const Control = window.createClass({
    getInitialState() {
      return { initial: plain(this.props.value) };
    },

    config() {
      const f = this.props.field;
      return {
        languages: f.get("languages").toJS(),
        mode: f.get("progress_mode"),
        documents: f.get("documents") ? f.get("documents").toJS() : [],
      };
    },

    isValid() {
      const problems = progressProblems(plain(this.props.value), this.state.initial, { ...this.config(), words });
      return problems.length ? { error: { message: problems.join(" ") } } : true;
    },

    set(path, value) {
      const v = this.props.value;
      this.props.onChange(value === "" || value === null ? v.deleteIn(path) : v.setIn(path, value));
    },

    setText(path, lang, typed) {
      const { languages } = this.config();
      if (languages.length === 1) return this.set(path, typed);
      const v = this.props.value;
      let next = v.getIn(path);
      if (typeof next === "string") next = v.setIn(path, v.clear()).getIn(path).set(languages[0], next);
      let out = v.setIn([...path, lang], typed);
      if (languages.every((l) => !String(out.getIn([...path, l]) ?? "").trim())) out = out.deleteIn(path);
      const progress = path.slice(0, -1);
      if (path[path.length - 2] === "progress" && out.getIn(progress) && out.getIn(progress).size === 0) {
        out = out.deleteIn(progress);
      }
      this.props.onChange(out);
    },

    setStatus(path, parts) {
      const v = this.props.value;
      const status = plain(v.getIn([...path, "status"])) || {};
      const next = { ...status };
      if ("value" in parts) next.value = parts.value;
      if ("quarter" in parts) next.quarter = parts.quarter;
      if ("document" in parts) next.source = parts.document ? { ...(status.source || {}), document: parts.document } : undefined;
      if ("section" in parts) next.source = { ...(status.source || {}), section: parts.section };
      if (next.source && !next.source.section) delete next.source.section;
      if (next.source && !next.source.document) delete next.source;
      if (!next.quarter) delete next.quarter;
      if (!next.value) return this.props.onChange(v.deleteIn([...path, "status"]));
      let out = v.deleteIn([...path, "status"]);
      out = out.setIn([...path, "status", "value"], next.value);
      if (next.quarter) out = out.setIn([...path, "status", "quarter"], next.quarter);
      if (next.source) {
        out = out.setIn([...path, "status", "source", "document"], next.source.document);
        if (next.source.section) out = out.setIn([...path, "status", "source", "section"], next.source.section);
      }
      this.props.onChange(out);
    },

    latestQuarter(sections) {
      let latest = "";
      for (const [, , , a] of actionsOf(sections)) {
        for (const q of QUARTERS) if (a.progress && a.progress[q] && q > latest) latest = q;
      }
      return latest || "Q1";
    },

    textBox(id, label, value, lang, onChange, multiline = true) {
      return h(
        "div",
        { className: "sosafe-field", key: id },
        h("label", { htmlFor: id }, label),
        h(multiline ? "textarea" : "input", {
          id,
          lang,
          rows: multiline ? 3 : undefined,
          type: multiline ? undefined : "text",
          className: "sosafe-text-box",
          value: value ?? "",
          onChange: (e) => onChange(e.target.value),
        }),
      );
    },

    progressBoxes(base, a, path, ref) {
      const { languages, mode } = this.config();
      const slots = mode === "to_date" ? [["progress_to_date", words.toDate]] : QUARTERS.map((q) => [q, q]);
      return slots.flatMap(([slot, name]) => {
        const where = slot === "progress_to_date" ? [...path, slot] : [...path, "progress", slot];
        const value = slot === "progress_to_date" ? a.progress_to_date : (a.progress || {})[slot];
        return languages.map((lang) => {
          const shown = typeof value === "string" ? (lang === languages[0] ? value : "") : (value || {})[lang];
          const label = languages.length > 1 ? `${name} (${words[lang] ?? lang})` : name;
          return this.textBox(`${base}-${slot}-${lang}`, label, shown, lang, (t) => this.setText(where, lang, t));
        });
      });
    },

    statusControls(base, a, path, sections) {
      const { mode, documents } = this.config();
      const s = a.status || {};
      const select = (id, label, value, options, onChange) =>
        h(
          "div",
          { className: "sosafe-field", key: id },
          h("label", { htmlFor: id }, label),
          h(
            "select",
            { id, value: value ?? "", onChange: (e) => onChange(e.target.value) },
            ...options.map(([v, text]) => h("option", { value: v, key: v }, text)),
          ),
        );
      const statuses = [["", words.noStatus], ...words.statuses];
      const controls = [
        select(`${base}-status`, words.status, s.value, statuses, (v) => {
          // A status chosen without saying where: the latest quarter with progress, to start.
          const where = !s.quarter && !(s.source && s.source.document) && mode !== "to_date";
          this.setStatus(path, where && v ? { value: v, quarter: this.latestQuarter(sections) } : { value: v });
        }),
      ];
      if (mode !== "to_date") {
        controls.push(
          select(`${base}-quarter`, words.recordedIn, s.quarter, [["", words.noQuarter], ...QUARTERS.map((q) => [q, q])], (v) =>
            this.setStatus(path, { quarter: v }),
          ),
        );
      }
      controls.push(
        select(
          `${base}-document`,
          words.sourceDocument,
          s.source && s.source.document,
          [["", words.noDocument], ...documents.map((d) => [d.value, d.label])],
          (v) => this.setStatus(path, { document: v }),
        ),
      );
      if (s.source && s.source.document) {
        controls.push(this.textBox(`${base}-section`, words.sourceSection, s.source.section, undefined, (v) => this.setStatus(path, { section: v }), false));
      }
      return h("div", { className: "sosafe-status" }, ...controls);
    },

    render() {
      const { forID } = this.props;
      const { languages } = this.config();
      const sections = plain(this.props.value) || [];
      const body = sections.map((sec, i) =>
        h(
          "section",
          { className: "sosafe-plan-section", key: sec.id, "aria-labelledby": `${forID}-s${i}` },
          h("h2", { id: `${forID}-s${i}` }, [sec.number, first(sec.title, languages)].filter((x) => x !== undefined && x !== "").join(". ")),
          ...(sec.aims || []).map((aim, j) =>
            h(
              "div",
              { className: "sosafe-plan-aim", key: aim.id },
              h("h3", null, [aim.number, first(aim.text, languages)].filter(Boolean).join(" ")),
              ...(aim.actions || []).map((a, k) => {
                const path = [i, "aims", j, "actions", k];
                const ref = reference(aim, a, words);
                const base = `${forID}-${a.id}`;
                return h(
                  "fieldset",
                  { className: "sosafe-action", key: a.id, id: base, "data-action": a.id },
                  h("legend", null, h("span", { className: "sosafe-action-ref" }, `${ref}: `), first(a.text, languages)),
                  h("div", { className: "sosafe-progress-boxes" }, ...this.progressBoxes(base, a, path, ref)),
                  this.statusControls(base, a, path, sections),
                );
              }),
            ),
          ),
        ),
      );
      return h("div", { className: "sosafe-progress", id: forID, tabIndex: -1 }, ...body);
    },
  });

  const Preview = window.createClass({
    render() {
      return h("p", null, words.previewOnSite);
    },
  });
  return { Control, Preview };
}
