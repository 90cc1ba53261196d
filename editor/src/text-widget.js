// `sosafe-text`: a text readers see, in each of the site's languages side by side, written
// back as `{en: …, cy: …}` (one language: a plain text). Each box has its own label naming
// the field and the language, and declares its language (`lang="cy"`) for screen readers and
// spelling checkers.

const h = (...args) => window.h(...args);

function text(value, lang, first) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return lang === first ? value : "";
  return value.get ? value.get(lang) ?? "" : value[lang] ?? "";
}

export function languageName(words, lang) {
  return words[lang] ?? lang;
}

/** What a text needs before it is saved, as `sosafe check` asks (an empty string: fine). */
export function textProblem(value, { languages, required, words, draft }) {
  const first = languages[0];
  const filled = languages.filter((l) => text(value, l, first).trim());
  if (!filled.length) return required ? words.required : "";
  if (languages.length > 1 && filled.length < languages.length && !draft) {
    const missing = languages.filter((l) => !filled.includes(l)).map((l) => languageName(words, l));
    return words.missingLanguage.replace("%(languages)s", missing.join(", "));
  }
  return "";
}

export function makeTextWidget(words) {
  const Control = window.createClass({
    isValid() {
      const field = this.props.field;
      const draft = this.props.entry && this.props.entry.getIn(["data", "draft"]) === true;
      const problem = textProblem(this.props.value, {
        languages: field.get("languages").toJS(),
        required: field.get("required") !== false,
        words,
        draft,
      });
      return problem ? { error: { message: problem } } : true;
    },

    change(lang, event) {
      const languages = this.props.field.get("languages").toJS();
      const { value, onChange } = this.props;
      const typed = event.target.value;
      if (languages.length === 1) return onChange(typed);
      const current = Object.fromEntries(languages.map((l) => [l, text(value, l, languages[0])]));
      current[lang] = typed;
      // An Immutable Map like Decap's own values: the field's config is one, emptied.
      const start = value && typeof value !== "string" && value.merge ? value : this.props.field.clear();
      onChange(start.merge(current));
    },

    render() {
      const { field, forID, value, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
      const languages = field.get("languages").toJS();
      const multiline = field.get("multiline") === true;
      const label = field.get("label");
      const boxes = languages.map((lang, i) => {
        const id = i === 0 ? forID : `${forID}-${lang}`;
        const control = h(multiline ? "textarea" : "input", {
          id,
          lang,
          className: `sosafe-text-box ${classNameWrapper}`,
          value: text(value, lang, languages[0]),
          rows: multiline ? 6 : undefined,
          type: multiline ? undefined : "text",
          onChange: (e) => this.change(lang, e),
          onFocus: setActiveStyle,
          onBlur: setInactiveStyle,
        });
        if (languages.length === 1) return control;
        return h(
          "div",
          { className: "sosafe-text-language", key: lang },
          h(
            "label",
            { htmlFor: id, className: "sosafe-text-label" },
            i === 0 ? null : h("span", { className: "sosafe-visually-hidden" }, `${label}: `),
            languageName(words, lang),
          ),
          control,
        );
      });
      return languages.length === 1 ? boxes[0] : h("div", { className: "sosafe-text" }, ...boxes);
    },
  });

  const Preview = window.createClass({
    render() {
      const { value, field } = this.props;
      const languages = field.get("languages").toJS();
      return h(
        "div",
        null,
        ...languages.map((lang) => h("p", { lang, key: lang }, text(value, lang, languages[0]))),
      );
    },
  });
  return { Control, Preview };
}
