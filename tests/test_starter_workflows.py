"""The publishing workflows `sosafe init` writes (GitHub Actions and GitLab CI): what runs
on a pull/merge request and on the main branch, read from the files themselves, and a dry
run of their shell steps in a site fresh from `sosafe init`.

The triggers and conditions are evaluated, not matched as text: a small evaluator reads the
few expression forms the files use (GitHub's `github.*`, `steps.*.outcome`, `failure()`;
GitLab's `$VARIABLE`, `==`, `!=`, `&&`), so a test fails if a condition lets the public site
deploy from a request."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import BIN, ROOT, run

from sosafe_gen.adapters.audit.browser import chromium
from sosafe_gen.adapters.audit.tools import CHROMIUM

NAME = "Northwick Safer Communities Partnership"
INSTALLS = re.compile(r"^\s*(sudo )?(apt-get|pip install|npm install)\b")
"""Lines that install tools: the one thing a dry run leaves out (the test's venv has them)."""
SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "gitlab-code-quality.schema.json").read_text()
)


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site fresh from `sosafe init`; each dry run works on a copy of it."""
    where = tmp_path_factory.mktemp("init")
    out = run(str(BIN / "sosafe"), "init", "northwick", "--name", NAME, cwd=where)
    assert out.returncode == 0, out.stderr
    return where / "northwick"


def github(site: Path) -> dict[str, Any]:
    data = yaml.safe_load((site / ".github/workflows/publish.yml").read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def gitlab(site: Path) -> dict[str, Any]:
    return yaml.safe_load((site / ".gitlab-ci.yml").read_text())


# --- GitHub's expressions and GitLab's rules, evaluated ------------------------------------


def github_if(expr: str | None, event: str, ref: str, steps: Mapping[str, str]) -> bool:
    """A step's or job's `if:` (absent: run while nothing has failed)."""
    failed = "failure" in steps.values()
    if expr is None:
        return not failed
    py = expr.replace("&&", " and ").replace("||", " or ")
    py = re.sub(r"!(?!=)", " not ", py)
    py = re.sub(r"\bfailure\(\)", "_failed", py)
    py = re.sub(r"\bsteps\.([\w-]+)\.outcome", r"_steps.get('\1')", py)
    py = re.sub(r"\bgithub\.(\w+)", r"_github['\1']", py)
    names = {"_failed": failed, "_steps": steps, "_github": {"event_name": event, "ref": ref}}
    result = eval(py, {"__builtins__": {}}, names)  # the workflow's own conditions
    return bool(result) and (not failed or "_failed" in py)


def gitlab_rule(expr: str, env: Mapping[str, str]) -> bool:
    py = expr.replace("&&", " and ").replace("||", " or ")
    py = re.sub(r"\$(\w+)", r"_v('\1')", py)
    return bool(eval(py, {"__builtins__": {}}, {"_v": lambda n: env.get(n) or None}))


def gitlab_runs(rules: list[dict[str, Any]] | None, env: Mapping[str, str]) -> bool:
    """GitLab's rules: the first whose `if` holds decides; none holding, the job is out."""
    if rules is None:
        return True
    for rule in rules:
        if "if" not in rule or gitlab_rule(rule["if"], env):
            return rule.get("when", "on_success") != "never"
    return False


def gitlab_pipeline(ci: dict[str, Any], env: Mapping[str, str]) -> list[str]:
    """The jobs a pipeline runs, in stage order ([] when the workflow rules make none)."""
    variables = {**{k: str(v) for k, v in ci["variables"].items()}, **env}
    if not gitlab_runs(ci["workflow"]["rules"], variables):
        return []
    jobs = [name for name, job in ci.items() if isinstance(job, dict) and "script" in job]
    order = {stage: i for i, stage in enumerate(ci["stages"])}
    running = [name for name in jobs if gitlab_runs(ci[name].get("rules"), variables)]
    return sorted(running, key=lambda name: order[ci[name]["stage"]])


MR = {
    "CI_PIPELINE_SOURCE": "merge_request_event",
    "CI_MERGE_REQUEST_IID": "7",
    "CI_DEFAULT_BRANCH": "main",
}
MAIN = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}


# --- what the files say -------------------------------------------------------------------


def test_github_runs_on_requests_and_main_and_deploys_only_from_main(starter: Path) -> None:
    wf = github(starter)
    assert wf["on"] == {
        "push": {"branches": ["main"]},
        "pull_request": None,
        "workflow_dispatch": None,
    }
    jobs = wf["jobs"]
    assert set(jobs) == {"build", "preview", "deploy"}
    assert jobs["deploy"]["needs"] == "build" and jobs["preview"]["needs"] == "build"
    assert [s.get("uses") for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages@v4"]
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert wf["permissions"] == {"contents": "read"}  # only deploy may write Pages
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    cases = {  # event, ref → the jobs that run
        ("pull_request", "refs/pull/7/merge"): {"build", "preview"},
        ("push", "refs/heads/main"): {"build", "deploy"},
        ("workflow_dispatch", "refs/heads/main"): {"build", "deploy"},
        ("workflow_dispatch", "refs/heads/cms/updates/new"): {"build"},
    }
    for (event, ref), expected in cases.items():
        ran = {name for name, job in jobs.items() if github_if(job.get("if"), event, ref, {})}
        assert ran == expected, (event, ref)
    uploads = {s["uses"].split("@")[0]: s for s in jobs["build"]["steps"] if "uses" in s}
    pages = uploads["actions/upload-pages-artifact"]
    assert not github_if(pages["if"], "pull_request", "refs/pull/7/merge", {})
    assert github_if(pages["if"], "push", "refs/heads/main", {})
    assert uploads["actions/cache"]["with"]["path"] == ".cache"
    assert uploads["actions/upload-artifact"]["with"]["path"] == "preview"
    assert jobs["preview"]["environment"]["url"] == "${{ needs.build.outputs.preview-url }}"


def test_github_checks_with_annotations_then_builds_audits_and_previews(starter: Path) -> None:
    runs = [s["run"] for s in github(starter)["jobs"]["build"]["steps"] if "run" in s]
    text = "\n".join(runs)
    order = [
        "sosafe check content --format github",
        "mkdocs build --strict\n",
        'sosafe audit site --chromium "$CHROMIUM"',
        "mkdocs build --strict --no-directory-urls -d preview",
    ]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)


def test_gitlab_requests_get_check_build_audit_and_preview_and_main_deploys(starter: Path) -> None:
    ci = gitlab(starter)
    assert ci["stages"] == ["check", "build", "deploy"]
    assert gitlab_pipeline(ci, MR) == ["check", "build", "preview"]
    parallel = gitlab_pipeline(ci, {**MR, "PAGES_PREVIEW": "parallel"})
    assert parallel == ["check", "build", "pages-preview"]
    assert gitlab_pipeline(ci, MAIN) == ["check", "build", "pages"]
    # A branch with a merge request runs its merge request pipeline, not a second one; a
    # branch without one runs nothing; a pushed tag neither deploys nor previews.
    open_mr = {
        "CI_PIPELINE_SOURCE": "push",
        "CI_COMMIT_BRANCH": "cms/updates/new",
        "CI_DEFAULT_BRANCH": "main",
    }
    assert gitlab_pipeline(ci, {**open_mr, "CI_OPEN_MERGE_REQUESTS": "g/site!7"}) == []
    assert gitlab_pipeline(ci, open_mr) == []
    tag = {"CI_PIPELINE_SOURCE": "web", "CI_COMMIT_TAG": "v1", "CI_DEFAULT_BRANCH": "main"}
    assert gitlab_pipeline(ci, tag) == ["check", "build"]
    check = ci["check"]
    assert (
        "sosafe check content --format gitlab --output gl-code-quality-report.json"
        in (check["script"])
    )
    assert check["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality-report.json"},
    }
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ci["pages"]["needs"] == ["build"]  # it publishes the site the audit passed
    assert ci["pages-preview"]["pages"]["path_prefix"] == "mr-$CI_MERGE_REQUEST_IID"
    for job in ("preview", "pages-preview"):
        assert ci[job]["environment"]["name"] == "review/mr-$CI_MERGE_REQUEST_IID"
    assert ci["preview"]["artifacts"]["expose_as"] == "Preview of the site"
    assert ci["default"]["cache"]["paths"] == [".cache/"]


def test_the_starter_installs_what_the_audit_step_needs(starter: Path) -> None:
    """`sosafe audit` needs Playwright and axe; CI installs requirements.txt alone."""
    (line,) = [x for x in (starter / "requirements.txt").read_text().splitlines() if x[:1] != "#"]
    extras = re.fullmatch(r"sosafe-gen\[(\w+)\]==[\w.]+", line)
    assert extras, line
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = {re.split(r"[<>=]", d)[0] for d in declared["optional-dependencies"][extras[1]]}
    assert {"playwright", "axe-playwright-python"} <= needed
    assert ".cache/" in (starter / ".gitignore").read_text().splitlines()


# --- dry runs -----------------------------------------------------------------------------


@dataclass
class Ran:
    commands: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    last: subprocess.CompletedProcess[str] | None = None


def audit_tools(site: Path) -> bool:
    """chromium, java and vnu.jar (which `make test` puts in node_modules/) are here."""
    vnu = ROOT / "node_modules"
    if not (Path("/usr/bin/chromium").exists() and shutil.which("java") and vnu.is_dir()):
        return False
    (site / "node_modules").symlink_to(vnu)
    return True


def shell(lines: list[str], cwd: Path, env: Mapping[str, str], ran: Ran, audit: bool) -> int:
    """Run the plain shell of a step (installs left out; the audit only with `audit`)."""
    kept = []
    for line in lines:
        if INSTALLS.match(line) or ("sosafe audit" in line and not audit):
            ran.skipped.append(line.strip())
        else:
            kept.append(line)
    if not any(x.strip() for x in kept):
        return 0
    ran.commands.extend(x.strip() for x in kept if x.strip())
    path = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    out = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", "\n".join(kept)],
        cwd=cwd,
        env={**os.environ, **env, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    ran.last = out
    return out.returncode


def github_dry_run(site: Path, event: str, ref: str, audit: bool) -> Iterator[tuple[str, int]]:
    """Each `run:` step of the build job whose `if` holds, in order: (its name, exit)."""
    wf = github(site)
    env = {**wf["env"], "CHROMIUM": "/usr/bin/chromium", "GITHUB_EVENT_NAME": event}
    env["GITHUB_STEP_SUMMARY"] = str(site / "step-summary.md")
    outcomes: dict[str, str] = {}
    ran = Ran()
    for step in wf["jobs"]["build"]["steps"]:
        if "run" not in step or not github_if(step.get("if"), event, ref, outcomes):
            continue
        code = shell(step["run"].splitlines(), site, env, ran, audit)
        outcomes[step.get("id", step["name"])] = "success" if code == 0 else "failure"
        yield step["name"], code


def test_github_steps_pass_in_a_fresh_site(starter: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(starter, site)
    steps = dict(github_dry_run(site, "pull_request", "refs/pull/7/merge", audit=False))
    assert steps == {
        "Install": 0,
        "Check the content": 0,
        "Build the site": 0,
        "Test the site in a browser": 0,  # its audit line is the browser suite's (below)
        "Build the preview (pages open from the downloaded folder)": 0,
    }
    assert (site / "site" / "index.html").is_file()
    home = (site / "preview" / "index.html").read_text()
    assert 'href="themes/index.html"' in home  # opens from the unzipped folder
    assert not (site / "step-summary.md").exists()


def test_github_lists_every_problem_when_the_check_fails(starter: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(starter, site)
    themes = site / "content" / "themes.yml"
    themes.write_text(themes.read_text().replace("    sensitive: true", "    sensitive: maybe", 1))
    steps = dict(github_dry_run(site, "pull_request", "refs/pull/7/merge", audit=False))
    assert steps == {"Install": 0, "Check the content": 1, "List every problem": 0}
    summary = (site / "step-summary.md").read_text()
    line = re.search(r"^content/themes\.yml:\d+:\d+: themes\[\d\]\.sensitive: .*$", summary, re.M)
    assert line and "expected true or false, got the text 'maybe'" in line[0]
    assert summary.count("1 problem found") == 1


def gitlab_dry_run(site: Path, audit: bool) -> dict[str, Path]:
    """The merge request pipeline, then the main branch's jobs it did not run: each job in
    a copy of the site with the artifacts of the jobs it needs, as GitLab's runner has it."""
    ci = gitlab(site)
    done: dict[str, Path] = {}
    for pipeline in (MR, MAIN):
        for name in gitlab_pipeline(ci, pipeline):
            if name in done:
                continue
            job = ci[name]
            where = site.parent / f"job-{name}"
            shutil.copytree(site, where, symlinks=True)
            for need in job.get("needs", []):
                for path in ci[need]["artifacts"]["paths"]:
                    shutil.copytree(done[need] / path, where / path)
            env = {
                **{k: str(v) for k, v in ci["variables"].items()},
                **pipeline,
                "CI_PROJECT_DIR": str(where),
                "CI_JOB_URL": "https://gitlab.example/g/site/-/jobs/1",
                "CI_PAGES_URL": "https://g.gitlab.example/site",
            }
            ran = Ran()
            code = shell(job["script"], where, env, ran, audit)
            assert code == 0, (name, ran.last)
            for path in job.get("artifacts", {}).get("paths", []):
                assert (where / path / "index.html").is_file(), (name, path)
            done[name] = where
    return done


def test_gitlab_jobs_pass_in_a_fresh_site(starter: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(starter, site)
    jobs = gitlab_dry_run(site, audit=False)
    assert list(jobs) == ["check", "build", "preview", "pages"]
    report = json.loads((jobs["check"] / "gl-code-quality-report.json").read_text())
    jsonschema.validate(report, SCHEMA)
    assert report == []
    assert 'href="themes/index.html"' in (jobs["preview"] / "preview/index.html").read_text()
    assert (jobs["pages"] / "public" / "themes" / "index.html").is_file()


@pytest.mark.browser
def test_the_audit_step_passes_in_a_fresh_site(starter: Path, tmp_path: Path) -> None:
    """GitHub's audit step, run, on a fresh bilingual site (`sosafe init --languages en,cy`:
    one audit proves both that step and a Welsh starter site); GitLab's is the same command
    on the same build, with the default browser (/usr/bin/chromium, which its job installs
    from Debian), so it is not run twice (an audit takes tens of seconds)."""
    made = run(
        str(BIN / "sosafe"),
        *("init", "site", "--name", NAME, "--languages", "en,cy"),
        *("--name-cy", "Partneriaeth Cymunedau Mwy Diogel Northwick"),
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    site = tmp_path / "site"
    if not audit_tools(site):
        pytest.skip("needs chromium, java and node_modules/vnu-jar (make test installs them)")
    steps = dict(github_dry_run(site, "pull_request", "refs/pull/7/merge", audit=True))
    assert steps["Test the site in a browser"] == 0
    reports = sorted((site / "audit").glob("accessibility-audit-*.json"))
    audited = json.loads(reports[-1].read_text(encoding="utf-8"))["pages"]
    assert any(p.startswith("cy/") for p in audited) and "index.html" in audited
    audits = [x for x in gitlab(starter)["build"]["script"] if "sosafe audit" in x]
    assert audits == ["sosafe audit site"] and Path("/usr/bin/chromium") == CHROMIUM
    # The preview, opened as EDITING.md says (unzipped, index.html), moves from page to page.
    with chromium(CHROMIUM) as browser:
        page = browser.new_page()
        page.goto((site / "preview" / "index.html").as_uri())
        assert NAME in page.title()
        page.locator(".md-content a[href='themes/index.html']").first.click()
        assert page.url.endswith("/preview/themes/index.html")
        assert page.title().startswith("Themes")
