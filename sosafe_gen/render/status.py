"""Actions by status in words and as an accessible chart (inline SVG, as `charts` draws).

The words are the same whatever the counts: no "1 actions", no count of nothing, and a
status is always "recorded as", since it is a judgement the content records, not ours.
The chart is an image with a title and a description (the words), every bar carries its
count and its status in text (colour is never the only cue), and a table beside it holds
the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from ..content import model as m
from ..content.delivery import NO_STATUS, Tally, status_label
from ..content.i18n import N_
from ..content.record import iter_actions
from ..content.text import number, plural
from .charts import AXIS, BAR_H, LABEL_X, ROW, TOP, WIDTH

GROUP_ROW = 28
NONE_FILL = AXIS
"""Bars of actions with no status recorded: grey (7:1 on white), and labelled as such."""


def _same(message: str) -> str:
    return message


Words = Callable[[str], str]
"""gettext for the page's language."""

_OF = {
    # Whole sentences for each determiner, so a translation can order its words freely.
    "the": {
        "none_one": N_("No status is recorded for the one action."),
        "none_many": N_("No status is recorded for any of the %(n)s actions."),
        "one": N_("The one action is recorded as %(status)s."),
        "all": N_("All %(n)s of the actions are recorded as %(status)s."),
        "first_one": N_("%(count)s of the %(n)s actions is recorded as %(status)s"),
        "first_many": N_("%(count)s of the %(n)s actions are recorded as %(status)s"),
    },
    "this section's": {
        "none_one": N_("No status is recorded for this section's one action."),
        "none_many": N_("No status is recorded for any of this section's %(n)s actions."),
        "one": N_("This section's one action is recorded as %(status)s."),
        "all": N_("All %(n)s of this section's actions are recorded as %(status)s."),
        "first_one": N_("%(count)s of this section's %(n)s actions is recorded as %(status)s"),
        "first_many": N_("%(count)s of this section's %(n)s actions are recorded as %(status)s"),
    },
}


def status_sentence(t: Tally, of: str = "the", _: Words = _same) -> str:
    """`41 of the 42 actions are recorded as done and 1 as not done.` (`of` may be
    "this section's"); `_` gives the words in the page's language."""
    n = t.total
    if n == 0:
        return ""
    says = _OF[of]
    recorded = [(k, c) for k, c in t.counts if k != NO_STATUS]
    if not recorded:
        if n == 1:
            return _(says["none_one"])
        return _(says["none_many"]) % {"n": number(n)}
    if n == 1:
        return _(says["one"]) % {"status": _(status_label(recorded[0][0]))}
    (key, count), rest = recorded[0], recorded[1:]
    if count == n:
        return _(says["all"]) % {"n": number(n), "status": _(status_label(key))}
    first = says["first_one"] if count == 1 else says["first_many"]
    clauses = [
        _(first) % {"count": number(count), "n": number(n), "status": _(status_label(key))},
        *(
            _("%(count)s as %(status)s") % {"count": number(c), "status": _(status_label(k))}
            for k, c in rest
        ),
    ]
    none = t.get(NO_STATUS)
    if none:
        has = (
            _("%(count)s has no status recorded")
            if none == 1
            else _("%(count)s have no status recorded")
        )
        clauses.append(has % {"count": number(none)})
    head = ", ".join(clauses[:-1])
    return _("%(head)s and %(last)s.") % {"head": head, "last": clauses[-1]}


def review_note(plan: m.ActionPlan, _: Words = _same) -> str:
    """When a plan's review counts expected outcomes differently from the plan's own list,
    both counts, so a reader can see how its figures map onto the actions (else nothing)."""
    if plan.review is None:
        return ""
    actions = [a for _a, _b, a in iter_actions(plan)]
    listed = sum(len(a.expected_outcomes) for a in actions)
    total = plan.review.outcomes_total
    if listed == total:
        return ""
    one = len(actions) == 1
    whose = "its one action lists" if one else f"its {number(len(actions))} actions list"
    between = "" if one else " between them"
    return (
        f"The plan's own review counts {_counted(total, 'expected outcome')}; {whose} "
        f"{_counted(listed, 'expected outcome') if listed else 'no expected outcome'}{between}."
    )


def _counted(n: int, word: str) -> str:
    return f"{number(n)} {plural(word, n)}"


def status_chart(groups: Sequence[Any], uid: str, title: str, colour: str, _: Words = _same) -> str:
    """Bars of actions by status, one block per group (each has `label` and `tally`)."""
    named = len(groups) > 1
    rows = sum(len(g.tally.counts) for g in groups)
    height = TOP + ROW * rows + (GROUP_ROW * len(groups) if named else 0) + 8
    biggest = max((c for g in groups for _, c in g.tally.counts), default=1) or 1
    span = WIDTH - LABEL_X - 110
    desc = " ".join(
        (f"{g.label}: " if named else "") + status_sentence(g.tally, "the", _)
        for g in groups
        if g.tally
    )
    out = [
        f'<svg class="sosafe-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{uid}-title {uid}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="14" font-family="sans-serif">',
        f'<title id="{uid}-title">{escape(_("Chart: %(title)s") % {"title": title})}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]
    y = TOP
    for g in groups:
        if named:
            out.append(
                f'<text x="{LABEL_X}" y="{y + 16}" fill="#1f1f1f" font-weight="bold">'
                f"{escape(g.label)}</text>"
            )
            y += GROUP_ROW
        for key, count in g.tally.counts:
            out.extend(_bar(key, count, y, biggest, span, colour, _))
            y += ROW
    out.append("</svg>")
    return "".join(out)


def _bar(
    key: str, count: int, y: int, biggest: int, span: float, colour: str, _: Words
) -> list[str]:
    label = _(status_label(key))
    length = count / biggest * span
    fill = NONE_FILL if key == NO_STATUS else colour
    bar_y = y + 20
    return [
        f'<text x="{LABEL_X}" y="{y + 13}" fill="#1f1f1f">{escape(label.capitalize())}</text>',
        f'<rect x="{LABEL_X}" y="{bar_y}" width="{max(length, 1):.1f}" height="{BAR_H}" '
        f'fill="{fill}"/>',
        f'<text x="{LABEL_X + length + 6:.1f}" y="{bar_y + 13}" fill="#1f1f1f" '
        f'font-weight="bold">{number(count)}</text>',
    ]
