"""Synthetic content for the build benchmark: the real record, copied many times.

The shapes come from the real content (strategies, plans with many actions, figures,
meetings, reports, case studies, funding, updates): it is loaded and validated with the
generator's own loader, then each copy gets new ids (suffix ``-rN``) and every reference
is renamed with it, so each copy is a complete, self-consistent record, as if the
partnership had published the same documents again for many more years.

Any partnership's record will do, however little it holds: where the record has no figure
to copy, the size is made up with a plain synthetic figure (and, if the record cites no
document yet, a synthetic source document for it), so even a site fresh from `sosafe init`
benchmarks at every size.

Themes and glossary terms are the partnership's vocabulary, so they are not copied:
every copy is tagged with the same themes (theme pages grow with the record), and
every term's meanings name each copy's documents (the glossary grows with it). Copying
them too would model many partnerships on one site, which the generator does not do;
it would also pass the loader's 2 MiB limit for glossary.yml.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from sosafe_gen.content.check import FOLDERS, ONE_RECORD_PER_FILE, SINGLE_FILES, load_content
from sosafe_gen.content.load import load_file
from sosafe_gen.content.record import Content
from sosafe_gen.content.validate import validate
from sosafe_gen.render.renderer import Renderer
from sosafe_gen.site.planner import plan_site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Keys whose value is the id of a record that is copied (and so renamed).
_REF_KEYS = {"document", "strategy", "report", "meeting", "minutes_of", "case_study", "plan"}
_REF_LIST_KEYS = {"strategies", "plans"}


def _dump(record: BaseModel) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude_defaults=True)


def _all_text(values: list[Any]) -> bool:
    return all(isinstance(v, str) for v in values)


def _rename_refs(data: Any, suffix: str) -> Any:
    """Rename every cross-reference in a dumped record (record ids are renamed by the caller)."""
    if isinstance(data, list):
        return [_rename_refs(v, suffix) for v in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _REF_KEYS and isinstance(value, str):
            out[key] = value + suffix
        elif (
            key in _REF_LIST_KEYS
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        ):
            out[key] = [v + suffix for v in value]
        else:
            out[key] = _rename_refs(value, suffix)
    return out


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def _load(path: Path, cls: type[BaseModel]) -> dict[str, Any]:
    """One real content file, validated with the generator's own loader, then dumped."""
    doc, problems = load_file(path, str(path))
    record = validate(doc, cls, problems) if doc is not None else None
    if record is None or problems:
        raise SystemExit(f"{path}: the real content does not load; run `sosafe check`")
    return _dump(record)


def _copy_data(data: dict[str, Any], suffix: str) -> dict[str, Any]:
    out = _rename_refs(data, suffix)
    out["id"] = data["id"] + suffix
    return out


def _copy_update(path: Path, suffix: str, dest: Path) -> None:
    """An update (Markdown with front matter) with its references renamed and a new slug."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = _rename_refs(yaml.safe_load(front), suffix)
    text = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / f"{path.stem}{suffix}.md").write_text(f"---\n{text}---\n{body}", encoding="utf-8")


_FILLER_SOURCE = {"id": "bench-source", "title": "Benchmark figures", "kind": "Benchmark"}


def _filler_series(real: Content, document: str) -> dict[str, Any]:
    """A figure for records that have none to copy: two values, the first theme."""
    return {
        "id": "bench-figure",
        "title": "Benchmark figure",
        "unit": "count",
        "points": [{"label": "First", "value": 10}, {"label": "Second", "value": 12}],
        "themes": [next(iter(real.themes))],
        "source": {"document": document},
    }


def write_content(
    real: Content, dest: Path, copies: int, extra_figures: int = 0, src: Path = CONTENT
) -> None:
    """Write `copies` renamed copies of the record in `src` (and some extra figures) to dest."""
    if dest.exists():
        shutil.rmtree(dest)
    suffixes = [f"-r{k}" for k in range(copies)]
    first = suffixes[0]
    for name in SINGLE_FILES:
        if not (src / name).exists():
            continue
        data = _load(src / name, SINGLE_FILES[name])
        if name == "sources.yml":
            data = {
                "documents": [_copy_data(d, s) for s in suffixes for d in data.get("documents", [])]
            }
            if extra_figures and not real.documents:  # the filler figures' source
                data["documents"].append({**_FILLER_SOURCE, "id": _FILLER_SOURCE["id"] + first})
        elif name == "glossary.yml":
            for term in data["terms"]:
                for meaning in term["meanings"]:
                    meaning["documents"] = [d + s for s in suffixes for d in meaning["documents"]]
        else:
            data = _rename_refs(data, first)
        _write(dest / name, data)
    for folder, cls in FOLDERS.items():
        for path in sorted((src / folder).glob("*.yml")):
            data = _load(path, cls)
            for s in suffixes:
                if folder in ONE_RECORD_PER_FILE:
                    record = _copy_data(data, s)
                    if record.get("status") == "current" and s != suffixes[-1]:
                        record["status"] = "superseded"  # only the newest copy is current
                    _write(dest / folder / f"{data['id']}{s}.yml", record)
                    continue
                lists = {
                    key: [_copy_data(item, s) for item in value]
                    for key, value in data.items()
                    if isinstance(value, list)
                    and all(isinstance(v, dict) and "id" in v for v in value)
                }
                _write(dest / folder / f"{path.stem}{s}.yml", {**data, **lists})
    for path in sorted((src / "updates").glob("*.md")) if (src / "updates").is_dir() else []:
        for s in suffixes:
            _copy_update(path, s, dest / "updates")
    if extra_figures:
        pool = [_dump(s) for s in real.series.values()]
        if not pool:  # nothing to copy: a plain figure, sourced to the first document
            pool = [_filler_series(real, next(iter(real.documents), _FILLER_SOURCE["id"]))]
        extra = []
        for i in range(extra_figures):
            data = _copy_data(pool[i % len(pool)], first)
            data["id"] = f"{data['id']}-x{i}"
            extra.append(data)
        _write(dest / "figures" / "extra.yml", {"series": extra})


def render_pages(content_dir: Path, hand_pages: frozenset[str]) -> dict[str, str]:
    """The generated pages' Markdown, planned and rendered in-process (as the plugin does)."""
    site = plan_site(load_content(content_dir), extra_pages=hand_pages)
    return {k: v for k, v in Renderer(site).render_all().items() if k.endswith(".md")}


@dataclass
class Synthetic:
    copies: int
    extra_figures: int
    pages: dict[str, str]
    """Generated pages: source path → Markdown."""


def make_content(
    target_html: int, dest: Path, hand: list[str], fixed_html: int, src: Path = CONTENT
) -> Synthetic:
    """Content whose build makes `target_html` HTML pages, from the record in `src`.

    `hand` lists the hand-written pages; `fixed_html` counts the HTML pages that do not
    come from content (those and 404.html). Pages per copy are measured by planning one
    and two copies, and what a first extra figure adds (its page, and any index it
    brings), so the count follows whatever page kinds the generator plans today.
    """
    real = load_content(src)
    extra = frozenset(hand)

    def pages(copies: int, figures: int = 0) -> int:
        write_content(real, dest, copies, figures, src)
        return len(render_pages(dest, extra))

    one = pages(1)
    per_copy = pages(2) - one
    figure_fixed = pages(1, 1) - one - 1  # pages a first extra figure brings besides its own
    shared = one - per_copy
    room = target_html - fixed_html - shared
    copies = max(1, room // per_copy) if per_copy > 0 else 1
    fill = room - per_copy * copies  # pages still to make, with extra figures
    if 0 < fill <= figure_fixed and copies > 1:
        copies, fill = copies - 1, fill + per_copy  # room for the figures' own index
    figures = max(0, fill - figure_fixed) if fill > 0 else 0
    write_content(real, dest, copies, figures, src)
    return Synthetic(copies, figures, render_pages(dest, extra))


# --- ordinary Markdown of the same length, for plain MkDocs ---------------------------------


def _words(src: Path = CONTENT) -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(src.rglob("*.yml")))
    return re.findall(r"[A-Za-z][a-z]{2,}", text)


def plain_markdown(title: str, length: int, rng: random.Random, words: list[str]) -> str:
    """An ordinary page of about `length` characters: headings, paragraphs, a list, a table."""
    parts = [f"# {title}\n"]
    size = len(parts[0])
    n = 0

    def sentence(k: int) -> str:
        return " ".join(rng.choice(words) for _ in range(k)).capitalize() + "."

    while size < length:
        n += 1
        if n % 5 == 0:
            block = f"## Section {n // 5}\n"
        elif n % 7 == 0:
            block = "\n".join(f"- {sentence(rng.randint(4, 12))}" for _ in range(4)) + "\n"
        elif n % 11 == 0:
            rows = "\n".join(f"| {sentence(3)} | {rng.randint(1, 999)} |" for _ in range(4))
            block = f"| Item | Number |\n| --- | ---: |\n{rows}\n"
        else:
            block = " ".join(sentence(rng.randint(8, 20)) for _ in range(rng.randint(2, 5))) + "\n"
        parts.append(block)
        size += len(block) + 1
    return "\n".join(parts)


def write_plain_docs(pages: dict[str, str], docs: Path) -> None:
    """One ordinary page for each generated page, at the same path and of the same length."""
    rng = random.Random(8)
    words = _words()
    for i, (src, text) in enumerate(sorted(p for p in pages.items() if p[0].endswith(".md"))):
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plain_markdown(f"Page {i + 1}", len(text), rng, words), encoding="utf-8")


def iter_html(site: Path) -> Iterator[Path]:
    """The site's pages: every HTML file but the editor's (/admin/, not a page of the site;
    its scripts are still copied, so the build's time includes them)."""
    return (p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")
