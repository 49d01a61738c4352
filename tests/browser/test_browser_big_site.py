"""A generated site of a few thousand papers (bench/synth.py), in Chromium: a visitor walks the pages of the largest
year listing by its "next" links and reaches its last paper; and no generated page of that site exceeds 300 KB."""

from __future__ import annotations

import json
import sys
from collections import Counter

import pytest

from tests.browser.conftest import open_visit, serving
from tests.conftest import AS_OF, ROOT, run_portfolio
from tests.projects import make_project

PAPERS = 3000
PAGE_LIMIT = 300 * 1024


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synth import generate_corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    project = make_project(tmp_path_factory.mktemp("big") / "project")
    generate_corpus(project / "profiles", PAPERS, seed=1)
    result = run_portfolio("build", "--as-of", AS_OF.isoformat(), cwd=project, check=False)
    # 1: the corpus holds a few abstracts that match no paper on purpose, reported as warnings
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr[-2000:]
    return project / "site"


@pytest.fixture(scope="module")
def big_url(big_site):
    with serving(big_site) as url:
        yield url


def test_a_visitor_walks_the_largest_year_to_its_last_paper(browser, big_site, big_url):
    data = json.loads((big_site / "api/portfolio.json").read_text("utf-8"))
    years = Counter(paper["date"][:4] for paper in data["papers"] if paper.get("date"))
    year, count = years.most_common(1)[0]
    assert count > 300  # several pages of 100
    titles = {" ".join(p["title"].split()) for p in data["papers"] if (p.get("date") or "").startswith(year)}
    tab = open_visit(browser, big_url)
    try:
        page = tab.goto(f"topics/years/{year}/")
        seen, pages = [], 0
        while True:
            pages += 1
            seen += [" ".join(t.split()) for t in page.locator("article .pf-paper__title").all_inner_texts()]
            following = page.locator("article .pf-pagination a[rel=next]").first
            if not following.count():
                break
            following.click()
            page.wait_for_load_state()
        assert pages == -(-count // 100) and len(seen) == count and len(set(seen)) == count
        plain = {t for t in titles if "$" not in t and "\\" not in t}  # a formula shows as MathML, not as typed
        assert plain <= set(seen) and len(plain) > count // 2
        last = page.locator("article .pf-paper__title").last
        expected = last.inner_text()
        last.click()
        page.wait_for_load_state()
        assert page.locator("article h1").first.inner_text() == expected  # its page opened
        assert not tab.problems, tab.problems
    finally:
        tab.close()


def test_no_page_of_the_site_exceeds_300_kb(big_site):
    pages = [p for p in big_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > PAPERS
    over = sorted(
        (p.stat().st_size, p.relative_to(big_site).as_posix()) for p in pages if p.stat().st_size > PAGE_LIMIT
    )
    assert over == [], over[-5:]
