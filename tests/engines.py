"""Other engines that read mkdocs.yml (ProperDocs, Zensical): a generated project, built with one of them.

Both come with the test extras (pyproject.toml); a test skips when its engine cannot be imported here
(Zensical needs Python 3.11 or newer).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AS_OF, ROOT, run_portfolio

ENGINES = ("properdocs", "zensical")
ENGINE_CONFIG = "engine.yml"
ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1700000000"}


def engine_command(engine: str) -> list[str]:
    """How to run `engine` from this Python; skips the test when it is not installed."""
    if importlib.util.find_spec(engine) is None:
        pytest.skip(f"{engine} is not installed: pip install -e '.[test]' (Zensical needs Python 3.11+)")
    return [sys.executable, "-m", engine]


def generated_project(folder: Path, sources: Path) -> Path:
    """A portfolio folder as a user keeps it (mkdocs.yml, theme, docs/ with hand-written pages beside the generated
    ones) after `portfolio generate --out docs --engine-config engine.yml SOURCES`: generated into a new folder
    first (generate writes only into a new, empty or its own folder), the user's own pages put in afterwards, and
    generated again (which leaves them alone)."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "theme_overrides", folder / "theme_overrides")
    command = ("generate", "--as-of", AS_OF.isoformat(), "--out", "docs", "--engine-config", ENGINE_CONFIG, sources)
    run_portfolio(*command, cwd=folder)
    shutil.copytree(ROOT / "docs", folder / "docs", dirs_exist_ok=True)
    run_portfolio(*command, cwd=folder)
    return folder


def build_with(
    engine: str, project: Path, config: str = ENGINE_CONFIG, env: dict | None = None, args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """`<engine> build --strict -f CONFIG ARGS` in `project`; fails the test with the engine's output."""
    command = [*engine_command(engine), "build", "--strict", "-f", config, *args]
    environment = {**os.environ, **ENVIRONMENT, **(env or {})}
    for name in ("PORTFOLIO_AS_OF", "PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
        if name not in (env or {}):
            environment.pop(name, None)
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def engine_site(engine: str, generated: Path, folder: Path) -> Path:
    """The generated project copied to `folder` and built there with `engine`; returns its site folder."""
    engine_command(engine)
    shutil.copytree(generated, folder)
    build_with(engine, folder)
    return folder / "site"
