// `sosafe-object`: an optional record (a source, a foreword, a review) whose fields are needed
// only once it is filled in. Decap's object widget asks for its required fields even when the
// record is left empty, so those fields are configured optional and this asks for them instead:
// nothing, or everything the check needs.

function blank(v) {
  if (v === null || v === undefined || v === "") return true;
  if (typeof v === "string") return !v.trim();
  if (v.toJS) return blank(v.toJS());
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v).every(blank);
  return false;
}

export function makeObjectWidget(words) {
  const Base = window.CMS.getWidget("object").control;
  class Control extends Base {
    isValid() {
      const { value, field } = this.props;
      if (blank(value)) return true;
      const needed = field.get("sosafe_required");
      const labels = new Map(field.get("fields").map((f) => [f.get("name"), f.get("label")]));
      const missing = (needed ? needed.toJS() : []).filter((name) => blank(value.get(name)));
      if (!missing.length) return true;
      const message = words.neededWith
        .replace("%(fields)s", missing.map((n) => labels.get(n) || n).join(", "))
        .replace("%(record)s", field.get("label"));
      return { error: { message } };
    }
  }
  return { Control, Preview: window.CMS.getWidget("object").preview };
}
