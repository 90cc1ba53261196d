// `sosafe-object`: an optional record (a source, a foreword, a review) whose fields are needed
// only once it is filled in. Decap's object widget asks for its required fields even when the
// record is left empty, so those fields are configured optional and this asks for them instead:
// nothing, or everything the check needs.
//
// Decap validates an object by calling its control's own `validate` (which validates each
// field inside); the record's rule is the control's `isValid`, which Decap's wrapper runs when
// the control asks it to (`props.validate`). So `validate` does both.

function blank(v) {
  if (v === null || v === undefined || v === "") return true;
  if (typeof v === "string") return !v.trim();
  if (v.toJS) return blank(v.toJS());
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v).every(blank);
  return false;
}

/** The fields an optional record still needs (none when it is left empty). */
export function missingFields(value, needed) {
  if (blank(value)) return [];
  return needed.filter((name) => blank(value.get ? value.get(name) : value[name]));
}

export function makeObjectWidget(words) {
  const Base = window.CMS.getWidget("object").control;
  class Control extends Base {
    constructor(props) {
      super(props);
      const fields = this.validate;
      this.validate = () => {
        if (fields) fields();
        if (this.props.validate) this.props.validate();
      };
      this.isValid = () => {
        const { value, field } = this.props;
        const needed = field.get("sosafe_required");
        const missing = missingFields(value, needed ? needed.toJS() : []);
        if (!missing.length) return true;
        const labels = new Map(field.get("fields").map((f) => [f.get("name"), f.get("label")]));
        const message = words.neededWith
          .replace("%(fields)s", missing.map((n) => labels.get(n) || n).join(", "))
          .replace("%(record)s", field.get("label"));
        return { error: { type: "CUSTOM", message } };
      };
    }
  }
  return { Control, Preview: window.CMS.getWidget("object").preview };
}
