"""A seed author's page with their settings file, in Chromium: each kind of link button opens its target, the filter by
type shows only that type, the page passes axe, and its screenshots (desktop, phone) are the README's."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, keep_for_readme, open_visit, output_dir, serving
from tests.browser.test_browser_accessibility import BLOCKING, axe_script  # noqa: F401, F811 - a fixture
from tests.conftest import AS_OF, ROOT, run_portfolio
from tests.test_profile_site import SECOND_ORDER, profile_project

SCREENSHOTS = ROOT / "docs" / "assets" / "screenshots"


@pytest.fixture(scope="module")
def profile_url(tmp_path_factory):
    project = profile_project(tmp_path_factory.mktemp("profile-browser") / "project")
    run_portfolio("build", "--as-of", AS_OF.isoformat(), cwd=project, env={"SOURCE_DATE_EPOCH": "1700000000"})
    with serving(project / "site") as url:
        yield url


def test_each_kind_of_link_button_opens_its_target(browser, profile_url):
    tab = open_visit(browser, profile_url)
    opened: list[str] = []

    def stand_in(route):  # the visitor is offline here: any other host answers with a stand-in page
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>elsewhere</title>")

    tab.context.unroute("**/*")
    tab.context.route(lambda url: not url.startswith(profile_url), stand_in)
    try:
        expected = {
            "arXiv": "https://arxiv.org/abs/2310.17086",
            "PDF": "https://arxiv.org/pdf/2310.17086",
            "DOI": "https://doi.org/10.5555/neurips.2024.70117",
            "Slides": "https://example.org/slides/second-order.pdf",
            "Video": "https://example.org/talks/second-order",
        }
        for label, target in expected.items():
            page = tab.goto(f"papers/{SECOND_ORDER}/")
            page.get_by_role("navigation", name="Links to this paper").get_by_role("link", name=label).click()
            page.wait_for_url(target)
            assert page.url == target and opened[-1] == target
        page = tab.goto("papers/resa-transparent-reasoning-models-via-saes/")
        page.get_by_role("link", name="Code", exact=True).first.click()
        page.wait_for_url("https://github.com/example-lab/resa")
    finally:
        tab.close()


def test_the_type_filter_shows_one_type_and_the_page_passes_axe(browser, profile_url, axe_script):  # noqa: F811
    tab = open_visit(browser, profile_url)
    try:
        page = tab.goto("authors/deqing-fu/")
        years = page.locator(".pf-year .pf-paper")
        everything = years.count()
        page.get_by_role("button", name="Conference paper", exact=False).click()
        shown = page.locator(".pf-year .pf-paper:visible")
        assert 0 < shown.count() < everything
        assert all(t == "conference" for t in shown.evaluate_all("items => items.map(i => i.dataset.type)"))
        assert page.get_by_role("button", name="Conference paper", exact=False).get_attribute("aria-pressed") == "true"
        page.get_by_role("button", name="All", exact=True).click()
        assert page.locator(".pf-year .pf-paper:visible").count() == everything
        page.add_script_tag(path=axe_script)
        report = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        blocking = [
            f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in report["violations"]
            if v["impact"] in BLOCKING
        ]
        assert blocking == [] and tab.problems == []
    finally:
        tab.close()


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_of_the_author_page_with_settings(browser, profile_url, name, viewport):
    tab = open_visit(browser, profile_url, viewport=viewport)
    try:
        page = tab.goto("authors/deqing-fu/")
        target = output_dir() / "screenshots" / f"author-profile-{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
        keep_for_readme(target)  # the README shows these
    finally:
        tab.close()
