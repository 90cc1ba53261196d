"""How editors sign in to the browser editor: `sosafe init --git-host … --repo …` records it
as the sosafe plugin's `editor:` mapping in mkdocs.yml, which the build checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import BIN, mkdocs_build, run

from sosafe_gen.edit.signin import from_options, problems

NAME = "Northwick Safer Communities Partnership"
APP = "7f3c9e2a41b0d5c8e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"


def sosafe(cwd: Path, *args: str):  # type: ignore[no-untyped-def]
    return run(str(BIN / "sosafe"), *args, cwd=cwd)


def plugin_options(site: Path) -> object:
    plugins = yaml.safe_load((site / "mkdocs.yml").read_text())["plugins"]
    return next(p["sosafe"] for p in plugins if isinstance(p, dict))


def test_gitlab_sign_in_is_recorded_and_the_site_builds(tmp_path: Path) -> None:
    args = ("--git-host", "gitlab", "--repo", "northwick-council/csp-site", "--app-id", APP)
    out = sosafe(tmp_path, "init", "site", "--name", NAME, *args)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "site" / "mkdocs.yml").read_text()
    assert (
        "plugins:\n  - search\n  - sosafe:\n"
        "      editor:  # how editors sign in to /admin/ (see EDITING.md)\n"
        '        backend: "gitlab"\n'
        '        repo: "northwick-council/csp-site"\n'
        '        branch: "main"\n'
        f'        app_id: "{APP}"\n'
        '        auth_type: "pkce"\n\n'
    ) in text
    built = mkdocs_build(tmp_path / "site", tmp_path / "out")
    assert built.returncode == 0, built.stderr


def test_github_and_azure_record_what_their_sign_in_needs(tmp_path: Path) -> None:
    proxy = "https://decap-auth.northwick.workers.dev/"
    out = sosafe(
        tmp_path, "init", "gh", "--name", NAME, "--git-host", "github", "--repo",
        "northwick-csp/site", "--auth-url", proxy,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert plugin_options(tmp_path / "gh") == {
        "editor": {
            "backend": "github",
            "repo": "northwick-csp/site",
            "branch": "main",
            "base_url": "https://decap-auth.northwick.workers.dev",
        }
    }
    out = sosafe(
        tmp_path, "init", "az", "--name", NAME, "--git-host", "azure", "--repo",
        "northwick/Community Safety/site", "--app-id", "0b5e0d6c-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
        "--tenant-id", "northwick.onmicrosoft.com", "--branch", "live",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert plugin_options(tmp_path / "az") == {
        "editor": {
            "backend": "azure",
            "repo": "northwick/Community Safety/site",
            "branch": "live",
            "app_id": "0b5e0d6c-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
            "tenant_id": "northwick.onmicrosoft.com",
        }
    }
    workflow = yaml.safe_load((tmp_path / "az/.github/workflows/publish.yml").read_text())
    assert workflow[True]["push"] == {"branches": ["live"]}  # YAML 1.1 reads `on` as true
    assert workflow["jobs"]["deploy"]["if"].endswith("github.ref == 'refs/heads/live'")


def test_a_self_managed_gitlab_gets_its_api_beside_it() -> None:
    assert from_options(
        "gitlab", "csp/site", "main", APP, None, "https://git.northwick.gov.uk/"
    ) == {
        "backend": "gitlab",
        "repo": "csp/site",
        "branch": "main",
        "app_id": APP,
        "base_url": "https://git.northwick.gov.uk",
        "api_root": "https://git.northwick.gov.uk/api/v4",
        "auth_type": "pkce",
    }


def test_bad_sign_in_options_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    out = sosafe(
        tmp_path, "init", "site", "--name", NAME, "--git-host", "github", "--repo", "a/b/c",
        "--app-id", "12", "--auth-url", "http://proxy.example",
    )  # fmt: skip
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        "site:1:1: --app-id: GitHub sign-in takes no application id",
        "  hint: a GitHub OAuth app's id and secret go into the sign-in proxy, not the site: "
        "give the proxy's address with --auth-url",
        "site:1:1: --auth-url: 'http://proxy.example' is not an https:// address",
        "  hint: give the whole address",
        "site:1:1: --repo: a repository on GitHub is owner/name, not 'a/b/c'",
        "  hint: e.g. northwick-csp/site",
        "3 problems found; nothing was written.",
    ]
    out = sosafe(tmp_path, "init", "site", "--name", NAME, "--git-host", "gitlab", "--repo", "g/s")
    assert out.stderr.splitlines()[:2] == [
        "site:1:1: --app-id: GitLab sign-in needs its application id",
        "  hint: add an application in GitLab (not confidential, scope api, redirect URI the "
        "site's /admin/ address) and give its Application ID",
    ]
    out = sosafe(tmp_path, "init", "site", "--name", NAME, "--repo", "g/s")
    assert (
        out.stderr.splitlines()[0]
        == "site:1:1: --git-host: the Git host editors sign in with is missing"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_build_refuses_editor_settings_it_cannot_sign_in_with(tmp_path: Path) -> None:
    """Each bad key at its own line and column, as every other plugin option."""
    out = sosafe(tmp_path, "init", "site", "--name", NAME)
    assert out.returncode == 0, out.stderr
    config = tmp_path / "site" / "mkdocs.yml"
    entry = "      editor: {backend: azure, repo: org/site, app_id: x, publish_mode: draft}\n"
    text = config.read_text().replace("  - sosafe\n", "  - sosafe:\n" + entry)
    config.write_text(text)
    line = text[: text.index(entry)].count("\n") + 1
    col = {word: entry.index(word) + 1 for word in ("{", "org/site", "draft")}
    built = mkdocs_build(tmp_path / "site", tmp_path / "out")
    assert built.returncode == 1
    errors = [x.removeprefix("ERROR   -  ") for x in built.stderr.splitlines()]
    assert [e for e in errors if e.startswith("mkdocs.yml:")] == [
        f"mkdocs.yml:{line}:{col['{']}: editor.tenant_id: Azure DevOps sign-in needs its tenant id",
        f"mkdocs.yml:{line}:{col['org/site']}: editor.repo: a repository on Azure DevOps is "
        "organisation/project/repository, not 'org/site'",
        f"mkdocs.yml:{line}:{col['draft']}: editor.publish_mode: expected editorial_workflow or "
        "simple, got the text 'draft'",
    ]
    assert "Traceback" not in built.stderr
    assert not (tmp_path / "out").exists()


def test_sosafe_check_names_a_misspelt_editor_key_at_its_place(tmp_path: Path) -> None:
    out = sosafe(tmp_path, "init", "site", "--name", NAME)
    assert out.returncode == 0, out.stderr
    config = tmp_path / "site" / "mkdocs.yml"
    entry = "      editor:\n        publish_mod: simple\n"
    text = config.read_text().replace("  - sosafe\n", "  - sosafe:\n" + entry)
    config.write_text(text)
    line = text[: text.index(entry)].count("\n") + 2
    checked = sosafe(tmp_path / "site", "check", "content")
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [
        f"mkdocs.yml:{line}:9: editor.publish_mod: unknown key",
        "  hint: did you mean 'publish_mode'?",
        "1 problem found; nothing was written.",
    ]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, []),
        ({"backend": "bitbucket", "repo": "a/b"}, ["editor.backend"]),
        ({"backend": "gitlab", "repo": "a/b/c/d", "app_id": "x"}, []),
        ({"backend": "gitlab", "repo": "a", "app_id": "x"}, ["editor.repo"]),
        (
            {"backend": "gitlab", "repo": "a/b", "app_id": "x", "auth_type": "implicit"},
            ["editor.auth_type"],
        ),
        ({"backend": "github", "repo": "a/b", "base_url": "http://localhost:8081"}, []),
        ({"backend": "github", "repo": "a/b", "api_root": "ftp://x"}, ["editor.api_root"]),
        ({"backend": "github", "repo": "a/b", "branch": "../main"}, ["editor.branch"]),
        ({"backend": "github", "repo": "a /b"}, ["editor.repo"]),
        (
            {"backend": "azure", "repo": "o/p/r", "app_id": "a", "tenant_id": "t b"},
            ["editor.tenant_id"],
        ),
        ({"backend": "github", "repo": "a/b", "collections": "x"}, ["editor.collections"]),
        ({"publish_mode": "simple"}, []),  # no Git host: sosafe edit alone, saving to main
        ({"publish_mode": "editorial_workflow", "backend": "github", "repo": "a/b"}, []),
        ({"publish_mode": "review"}, ["editor.publish_mode"]),
        ({"squash_merges": False}, ["editor.backend"]),  # a Git host's setting, without one
        ({"backend": "github", "repo": "a/b", "squash_merges": "no"}, ["editor.squash_merges"]),
        ({"backend": "github", "repo": "a/b", "auth_endpoint": "api/auth"}, []),
        ({"backend": "github", "repo": "a/b", "auth_endpoint": "../x"}, ["editor.auth_endpoint"]),
    ],
)
def test_each_rule(settings: dict[str, str], expected: list[str]) -> None:
    assert [p.path for p in problems(settings, "mkdocs.yml")] == expected
