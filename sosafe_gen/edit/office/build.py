"""One builder: the rows of any grid (a sheet, a Word table) as the plan's records.

What the grid does not hold (ids, objectives, sources, statuses, lineage) is kept from the
plan being updated. Themes come, in turn, from a Themes column, from `--themes
"1=asb,2=domestic-abuse"` (by section or aim number), from the plan as it was, or are
proposed from a section's or aim's title that names a theme, and then marked
`unconfirmed: [themes]`, so the plan stays a draft until an editor has checked them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ...content import model as m
from ...content.problems import Problem
from ...content.record import Content, iter_actions
from ...content.text import long_date, slugify
from .grid import Grid
from .rows import AIM, REF, RawAction, RawAim, RawSection, cell_items


@dataclass
class Themes:
    """Where the sections' and aims' themes come from, besides a Themes column."""

    given: dict[str, list[str]] = field(default_factory=dict)
    """`--themes`: section number ("1") or aim number ("1.1") → theme ids."""
    titles: dict[str, str] = field(default_factory=dict)
    """Each theme's title and id in lower case → its id, to match titles against."""

    def propose(self, title: str) -> list[str]:
        """The themes whose title (or id in words) the title names, in the title's order."""
        low = " ".join(title.lower().split())
        found = []
        for name, tid in self.titles.items():
            at = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", low)
            if at and tid not in (t for _, t in found):
                found.append((at.start(), tid))
        return [tid for _, tid in sorted(found)]


def build(
    sections: list[RawSection],
    grid: Grid,
    cols: dict[str, int],
    existing: Any,
    themes: Themes,
    problems: list[Problem],
) -> list[m.PlanSection]:
    """Sections as content records; ids, themes, objectives and names kept from `existing`."""
    old_secs = {s.number or s.title: s for s in (existing.sections if existing else [])}
    out = []
    seen_sections: set[str] = set()
    for sec in sections:
        old = old_secs.get(sec.number) or old_secs.get(sec.title)
        sid = old.id if old else slugify(sec.title, 50) or f"section-{sec.number}"
        while sid in seen_sections:
            sid += "-x"
        seen_sections.add(sid)
        old_aims = {a.number or a.text: a for a in (old.aims if old else [])}
        sec_themes, unconfirmed = _section_themes(sec, old, themes)
        if not sec.aims and not sec.broken:
            problems.append(grid.problem(sec.row, 1, "this section has no aims or actions"))
        build_aim = _AimBuilder(sec, old_aims, sec_themes, grid, cols, themes, problems)
        aims = [aim for k, raw in enumerate(sec.aims, start=1) if (aim := build_aim(raw, k))]
        if aims:
            out.append(
                m.PlanSection(
                    id=sid,
                    number=sec.number,
                    title=sec.title,
                    themes=sec_themes,
                    unconfirmed=unconfirmed,
                    aims=aims,
                    objective=old.objective if old else None,
                    source=old.source if old else None,
                )
            )
    return out


def _section_themes(sec: RawSection, old: Any, themes: Themes) -> tuple[list[str], list[Any]]:
    if sec.themes:
        return sec.themes, []
    if str(sec.number) in themes.given:
        return themes.given[str(sec.number)], []
    if old is not None:
        return list(old.themes), list(old.unconfirmed)
    proposed = themes.propose(sec.title)
    return proposed, (["themes"] if proposed else [])


@dataclass
class _AimBuilder:
    sec: RawSection
    old_aims: dict[Any, m.PlanAim]
    sec_themes: list[str]
    grid: Grid
    cols: dict[str, int]
    themes: Themes
    problems: list[Problem]

    def __call__(self, aim: RawAim, k: int) -> m.PlanAim | None:
        """One aim and its actions; None when no action of it could be read."""
        match = AIM.match(aim.text)
        number, text = (match.group(1), match.group(2).strip()) if match else (None, aim.text)
        old_aim = self.old_aims.get(number) or self.old_aims.get(text)
        aid = old_aim.id if old_aim else (number or f"{self.sec.number}.{k}").replace(".", "-")
        aim_themes, unconfirmed = self._themes(number, text, old_aim)
        actions = []
        for j, raw in enumerate(aim.actions):
            action = _build_action(raw, j, aid, old_aim, self.grid, self.cols, self.problems)
            if action is None:
                continue
            if not (action.themes or aim_themes or self.sec_themes):
                self.problems.append(
                    self.grid.problem(
                        raw.row,
                        self.cols["action"],
                        "no themes for this action",
                        f'name them: --themes "{self.sec.number}=a-theme-id" (by section or '
                        "aim number), or add a Themes column of theme ids or titles",
                    )
                )
            actions.append(action)
        if not actions:
            return None
        return m.PlanAim(
            id=aid,
            number=number,
            text=text,
            actions=actions,
            themes=aim_themes,
            unconfirmed=unconfirmed,
        )

    def _themes(self, number: str | None, text: str, old: Any) -> tuple[list[str], list[Any]]:
        """An aim's own themes: given, kept, or (where its section has none) proposed."""
        if number and number in self.themes.given:
            return self.themes.given[number], []
        if old is not None:
            return list(old.themes), list(old.unconfirmed)
        if self.sec_themes or self.sec.themes:
            return [], []
        proposed = self.themes.propose(text)
        return proposed, (["themes"] if proposed else [])


def _build_action(
    a: RawAction,
    j: int,
    aim_id: str,
    old_aim: Any,
    grid: Grid,
    cols: dict[str, int],
    problems: list[Problem],
) -> m.Action | None:
    f = a.fields
    text = "\n\n".join(f.get("action", []))
    match = REF.match(text)
    ref, text = (ref_label(match.group(1)), match.group(2).strip()) if match else (None, text)
    olds = list(old_aim.actions) if old_aim else []
    # An Id column (a sheet `sosafe sheet` wrote) matches first, so a reworded action keeps it.
    old = next((o for o in olds if [o.id] == f.get("id")), None)
    old = old or next((o for o in olds if " ".join(o.text.split()) == " ".join(text.split())), None)
    old = old or next((o for o in olds if ref and o.ref == ref), None)
    aid = old.id if old else f"{aim_id}-{chr(ord('a') + j) if j < 26 else j}"
    progress = {q: "\n\n".join(f[q]) for q in m.QUARTERS if f.get(q)}
    try:
        return action_record(f, aid, ref, text, grid.orgs, progress, old, cols)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            name = str(err["loc"][0]) if err["loc"] else "action"
            problems.append(
                grid.problem(
                    a.row,
                    cols.get(name, cols["action"]),
                    f"{name.replace('_', ' ')}: {err['msg'].lower()}",
                )
            )
        return None


def ref_label(label: str) -> str:
    """An action's label as plans keep it, however the source wrote it or Word numbered
    it: `a)`, `(a)` and `a.` are all `a)`."""
    return label.strip("().") + ")"


_KEPT = ("status", "status_history", "added", "incomplete", "continues", "objective", "source")
"""What a spreadsheet does not hold, kept from the action as the plan has it."""
_OPTIONAL = ("timescale", "measures")
"""Kept from the plan too, when the sheet has no column for them."""

_NAMED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")


def who(line: str, orgs: set[str]) -> list[m.Lead | str]:
    """`Police (Tara Adams-Cook)` → a lead with a person; `SBC (A/B)` → two. A name the
    content already uses as an organisation, such as `SBC (Community Safety)`, stays whole."""
    match = _NAMED.match(line)
    if line in orgs or not match:
        return [line]
    return [
        m.Lead(organisation=match.group(1), person=p.strip())
        for p in match.group(2).split("/")
        if p.strip()
    ]


def action_record(
    f: dict[str, list[str]],
    aid: str,
    ref: str | None,
    text: str,
    orgs: set[str],
    progress: dict[str, str],
    old: Any,
    cols: dict[str, int] | None = None,
) -> m.Action:
    kept = {k: getattr(old, k) for k in _KEPT} if old else {}
    if old and cols is not None:
        kept |= {k: getattr(old, k) for k in _OPTIONAL if k not in cols}
    fields: dict[str, Any] = {
        "timescale": timescale(" ".join(" ".join(f.get("timescale", [])).split())),
        "measures": cell_items(f.get("measures", [])),
        **kept,
    }
    return m.Action(
        id=aid,
        ref=ref,
        text=text,
        lead=[
            x if isinstance(x, m.Lead) else m.Lead(organisation=x)
            for line in cell_items(f.get("lead", []))
            for x in who(line, orgs)
        ],
        partners=[x for line in cell_items(f.get("partners", [])) for x in who(line, orgs)],
        resources=cell_items(f.get("resources", [])),
        expected_outcomes=cell_items(f.get("expected_outcomes", [])),
        progress=progress or None,
        progress_to_date="\n\n".join(f["progress_to_date"]) if f.get("progress_to_date") else None,
        themes=f.get("themes") or (old.themes if old else []),
        **fields,
    )


_MONTHS = {
    name: k
    for k in range(1, 13)
    for name in (
        dt.date(2000, k, 1).strftime("%B").lower(),
        dt.date(2000, k, 1).strftime("%b").lower(),
    )
}
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+("
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\.?,?\s+(\d{4})\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def timescale(text: str) -> m.Timescale | None:
    """A Timescale cell as the source words it, with its date where it names one day
    (`31/03/2026`, `By 31 March 2026`; British order). A date cell, which the readers give
    as `2026-03-31`, reads `31 March 2026`."""
    if not text:
        return None
    if iso := _ISO.match(text):
        try:
            day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return m.Timescale(text=text)
        return m.Timescale(text=long_date(day), date=day)
    found = []
    for match in _DAY_MONTH.finditer(text):
        found.append((int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1))))
    for match in _NUMERIC.finditer(text):
        year = int(match.group(3))
        found.append(
            (year + 2000 if year < 100 else year, int(match.group(2)), int(match.group(1)))
        )
    days = set()
    for y, mo, d in found:
        try:
            days.add(dt.date(y, mo, d))
        except ValueError:
            continue
    return m.Timescale(text=text, date=days.pop() if len(days) == 1 else None)


def organisations(content: Content) -> set[str]:
    """Organisation names the content uses, so `SBC (Community Safety)` is not read as a name."""
    out: set[str] = set()
    for plan in content.plans.values():
        for _, _, a in iter_actions(plan):
            out.update(x if isinstance(x, str) else x.organisation for x in [*a.lead, *a.partners])
    return out


def theme_names(content: Content) -> dict[str, str]:
    """Each theme's id and title in lower case (and its id in words) → its id."""
    names = {t.id.lower(): t.id for t in content.themes.values()}
    names.update({t.id.replace("-", " "): t.id for t in content.themes.values()})
    names.update({t.title.lower(): t.id for t in content.themes.values()})
    return names
