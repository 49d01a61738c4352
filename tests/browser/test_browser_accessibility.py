"""axe-core, run inside Chromium on the five kinds of page, in the light and the dark colour scheme."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import AXE_SCRIPT, DESKTOP, PAGES, PHONE, open_visit

# Without Playwright the whole folder is skipped (conftest.py); this keeps collection from failing.
expect = pytest.importorskip("playwright.sync_api").expect

SCHEMES = {"light": "default", "dark": "slate"}
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def axe_script() -> str:
    """axe-core's browser script: skipped without npm to install it, an error when npm is there but unused."""
    if not AXE_SCRIPT.is_file():
        if shutil.which("npm") is None:
            pytest.skip("the accessibility tests need axe-core from npm (apt-get install npm)")
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci --prefix tests/browser` (make test does)")
    return str(AXE_SCRIPT)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_or_critical_axe_violations(browser, site_url, axe_script, kind, scheme):
    tab = open_visit(browser, site_url, color_scheme=scheme)
    try:
        page = tab.goto(PAGES[kind])
        # Material picks the scheme from the visitor's preference: make sure this run really is `scheme`.
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        page.add_script_tag(path=axe_script)
        report = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        tab.close()
    assert report["testEngine"]["name"] == "axe-core"
    blocking = [
        f"{violation['impact']} {violation['id']}: {violation['help']}\n"
        + "".join(
            f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}\n"
            for node in violation["nodes"][:5]
        )
        for violation in report["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert not blocking, "".join(blocking)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_open_search_with_results_and_facets_has_no_serious_axe_violations(
    browser, site_url, axe_script, scheme, viewport
):
    tab = open_visit(browser, site_url, viewport=viewport, color_scheme=scheme)
    try:
        page = tab.goto(PAGES["paper"])
        if viewport is PHONE:
            page.locator("header label.md-header__button[for=__search]").click()
        else:
            page.keyboard.press("/")
        box = page.locator(".md-search__input")
        expect(box).to_be_focused()
        box.press_sequentially("Fourier")
        expect(page.locator("#pf-search-results")).to_have_attribute("data-pf-query", "Fourier")
        page.locator(".pf-search__refine").click()
        expect(page.locator(".pf-search__facet select").first).to_be_visible()
        expect(page.locator("#pf-search-results")).to_have_attribute("aria-busy", "false")
        box.focus()
        page.keyboard.press("ArrowDown")
        # Every part a screen reader needs to name: the box, the list it controls, the active result.
        assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-label")
        assert page.locator("#" + box.get_attribute("aria-controls")).get_attribute("role") == "listbox"
        assert page.locator("#" + box.get_attribute("aria-activedescendant")).get_attribute("aria-selected") == "true"
        page.add_script_tag(path=axe_script)
        report = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        tab.close()
    blocking = [
        f"{violation['impact']} {violation['id']}: {violation['help']}\n"
        + "".join(
            f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}\n"
            for node in violation["nodes"][:5]
        )
        for violation in report["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert not blocking, "".join(blocking)
    assert not tab.problems
