"""The programs the audit needs, found before it starts, each missing one named in one line
that says how to install it."""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
VNU_VERSION = "26.9.27"  # the version `make test` installs
VNU = Path("node_modules/vnu-jar/build/dist/vnu.jar")  # where npm puts it, in the working dir


class MissingTool(Exception):
    """One line per missing program, each saying how to install it."""


@dataclass(frozen=True)
class Tools:
    chromium: Path
    java: str
    vnu: Path


def find_tools(chromium: Path | None, vnu: Path | None) -> Tools:
    """The browser, Java and the Nu Html Checker, or MissingTool naming every one missing."""
    chromium = chromium or CHROMIUM
    vnu = vnu or VNU
    java = shutil.which("java")
    missing = []
    for module in ("playwright", "axe_playwright_python"):
        if importlib.util.find_spec(module) is None:
            missing.append(
                f"Python package {module} is missing: install it with "
                "`pip install 'sosafe-gen[audit]'`"
            )
    if not (chromium.is_file() and _executable(chromium)):
        missing.append(
            f"chromium not found at {chromium}: install it with `apt-get install chromium` "
            "or give its path with --chromium"
        )
    if java is None:
        missing.append(
            "java not found: install it with `apt-get install default-jre-headless` "
            "(the Nu Html Checker needs it)"
        )
    if not vnu.is_file():
        missing.append(
            f"vnu.jar not found at {vnu}: install it with "
            f"`npm install --no-save vnu-jar@{VNU_VERSION}` or give its path with --vnu"
        )
    if missing:
        raise MissingTool("\n".join(missing))
    return Tools(chromium=chromium, java=java or "java", vnu=vnu)


def _executable(path: Path) -> bool:
    return shutil.which(str(path)) is not None
