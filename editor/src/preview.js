// The preview beside an update's form: its title, date, summary and text as readers will see
// them, in each language. Markdown goes through Decap's own preview with sanitising on, so no
// script in the text runs here; the site sanitises it again when it is built.

const h = (...args) => window.h(...args);

function inLanguage(value, lang, languages) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return lang === languages[0] ? value : "";
  return value.get ? value.get(lang) ?? "" : value[lang] ?? "";
}

export function updatePreview(words, languages) {
  return window.createClass({
    render() {
      const { entry, fields, getAsset } = this.props;
      const data = entry.get("data");
      const markdown = window.CMS.getWidget("markdown");
      const bodyField = fields.find((f) => f.get("name") === "body").set("sanitize_preview", true);
      // Decap writes the preview's document; it is given the page's language and a title.
      const named = (el) => {
        if (!el) return;
        el.ownerDocument.documentElement.lang = languages[0];
        el.ownerDocument.title = words.previewTitle;
      };
      return h(
        "div",
        { className: "sosafe-preview", ref: named },
        ...languages.map((lang) =>
          h(
            "article",
            { lang, key: lang },
            h("h1", null, inLanguage(data.get("title"), lang, languages)),
            h("p", { className: "sosafe-preview-date" }, String(data.get("date") ?? "")),
            data.get("draft") ? h("p", { className: "sosafe-preview-draft" }, words.draftNote) : null,
            h("p", { className: "sosafe-preview-summary" }, inLanguage(data.get("summary"), lang, languages)),
            h(markdown.preview, {
              value: inLanguage(data.get("body"), lang, languages),
              field: bodyField,
              getAsset,
            }),
          ),
        ),
      );
    },
  });
}
