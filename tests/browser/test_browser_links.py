"""Every link in the built site, checked by LinkChecker against the local server: nothing leaves 127.0.0.1."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import output_dir, serving

# LinkChecker throttles each host to 10 requests a second unless the server answers with a `LinkChecker`
# header; AnchorCheck makes it report `#fragment` links whose target id is missing.
CONFIG = "[checking]\nmaxrequestspersecond=1000\n[AnchorCheck]\n"


@pytest.fixture(scope="module")
def link_report(seeds_site, tmp_path_factory):
    """LinkChecker's verdict on every URL reachable from the home and 404 pages, one dict per link."""
    linkchecker = Path(sys.executable).with_name("linkchecker")
    if not linkchecker.is_file():
        pytest.fail("LinkChecker is not installed: pip install -e '.[test]'")
    config = tmp_path_factory.mktemp("linkchecker") / "linkcheckerrc"
    config.write_text(CONFIG, "utf-8")
    with serving(seeds_site, headers={"LinkChecker": "local test server"}) as base:
        # External URLs are outside LinkChecker's domain filter: it checks their syntax and never fetches them.
        result = subprocess.run(
            [
                str(linkchecker),
                "-f",
                str(config),
                "--no-status",
                "--verbose",
                "-o",
                "csv/utf_8",
                base,
                base + "404.html",
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=300,
        )
    assert result.returncode in (0, 1), result.stderr  # 1 means problems found, which the tests below name
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert rows, result.stdout + result.stderr
    return base, rows


def test_every_internal_link_and_anchor_resolves(link_report, seeds_site):
    base, rows = link_report
    internal = [row for row in rows if row["url"].startswith(base)]
    broken = [
        f"{row['parentname'] or '(start)'} -> {row['urlname']}: {row['result']} {row['warningstring']}".strip()
        for row in internal
        if row["valid"] != "True" or row["warningstring"]
    ]
    assert not broken, "\n".join(broken)
    # The crawl reached every page, so every page's links were checked (and no page is an orphan).
    checked = {row["url"].split("#")[0].removeprefix(base) for row in internal}
    pages = {path.relative_to(seeds_site).as_posix().removesuffix("index.html") for path in seeds_site.rglob("*.html")}
    assert pages - checked == set()


def test_external_links_are_listed_not_fetched(link_report):
    base, rows = link_report
    external = sorted({row["url"] for row in rows if not row["url"].startswith((base, "data:"))})
    assert external, "the site links at least to Material for MkDocs"
    listing = output_dir() / "external-links.txt"
    listing.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text("".join(url + "\n" for url in external), "utf-8")
    fetched = [row["url"] for row in rows if row["url"] in external and row["result"] != "filtered"]
    assert fetched == []
