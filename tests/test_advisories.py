"""No dependency with a known advisory: installed versions and pyproject.toml floors are past every fix
listed in ADVISORIES.md (kept by hand, since pip-audit cannot reach its database from here)."""

from __future__ import annotations

import re
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import ROOT

ADVISORIES = ROOT / "ADVISORIES.md"


def advisory_rows() -> list[dict[str, str]]:
    """The rows of the advisory table, by column name."""
    lines = [line.strip() for line in ADVISORIES.read_text("utf-8").splitlines() if line.strip().startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == len(header), f"a row of {ADVISORIES.name} has {len(cells)} cells: {line}"
        rows.append(dict(zip(header, cells)))
    return rows


def declared_floors() -> dict[str, Version]:
    """The lowest version pyproject.toml allows for each dependency it names with `>=`."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = [
        *project["dependencies"],
        *(r for group in project.get("optional-dependencies", {}).values() for r in group),
    ]
    floors = {}
    for text in requirements:
        requirement = Requirement(text)
        lows = [Version(spec.version) for spec in requirement.specifier if spec.operator in (">=", "==", "~=")]
        floors[canonical(requirement.name)] = max(lows) if lows else Version("0")
    return floors


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_table_lists_the_advisories_the_issue_names():
    rows = advisory_rows()
    assert len(rows) >= 10
    fixed = {(canonical(row["Package"]), row["Fixed in"]) for row in rows}
    assert ("mkdocs-material", "9.7.7") in fixed  # the XSS in search suggestions
    assert {canonical(row["Package"]) for row in rows} >= {
        "mkdocs-material",
        "jinja2",
        "pyyaml",
        "markdown",
        "pymdown-extensions",
    }
    for row in rows:
        Version(row["Fixed in"])  # every fix is a version
        assert row["Reaches us"] in ("yes", "no") and row["Why"], row


@pytest.mark.parametrize("row", advisory_rows(), ids=lambda row: f"{row['Package']} {row['Fixed in']}")
def test_the_installed_version_is_past_the_fix(row):
    try:
        installed = Version(metadata.version(row["Package"]))
    except metadata.PackageNotFoundError:
        pytest.skip(f"{row['Package']} is not installed")
    assert installed >= Version(row["Fixed in"]), f"{row['Package']} {installed} is affected by {row['Advisory']}"


@pytest.mark.parametrize("row", advisory_rows(), ids=lambda row: f"{row['Package']} {row['Fixed in']}")
def test_pyproject_allows_no_affected_version(row):
    floors = declared_floors()
    package = canonical(row["Package"])
    if package not in floors:
        pytest.skip(f"{row['Package']} is not a direct dependency")
    assert floors[package] >= Version(row["Fixed in"]), (
        f"pyproject.toml allows {row['Package']} {floors[package]}, affected by {row['Advisory']}"
    )
