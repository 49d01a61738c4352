"""A site built from hostile sources runs none of their payloads in the browser, on any page or in search.

Every payload in tests/fixtures/hostile/ would set `window.__pwned` (or open a dialog) if it ever ran.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_visit, serving

# Without Playwright the whole folder is skipped (conftest.py); this keeps collection from failing.
expect = pytest.importorskip("playwright.sync_api").expect

PROBE = "window.__pwned === undefined ? null : String(window.__pwned)"
SEARCHES = ["Search Result", "onerror", "window", "pwned", "Zed", "Eve", "Template", "Autofocus", "Noscript"]
# Two animation frames: enough for autofocus and other after-load events to fire.
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

# Markup that would run script, or load a page that does, if a visitor clicked or hovered it.
DANGEROUS_MARKUP = r"""() => {
  const scriptUrl = /^(javascript|vbscript|data:text\/html)/i;
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\u0000-\u0020]/g, '');
      if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      else if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data'].includes(attr.name)
               && scriptUrl.test(value)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME'].includes(el.tagName)) found.push(el.outerHTML.slice(0, 120));
    if (el.tagName === 'META' && el.httpEquiv) found.push(el.outerHTML.slice(0, 120));
    const data = ['application/ld+json', 'application/json'].includes(el.type);  // never executed
    if (el.tagName === 'SCRIPT' && !data && el.textContent.includes('pwned')) found.push(el.outerHTML.slice(0, 120));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with serving(hostile_site) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_pages(hostile_site) -> list[str]:
    """Every HTML page of the hostile site, as paths relative to its root."""
    pages = sorted(
        path.relative_to(hostile_site).as_posix().removesuffix("index.html") for path in hostile_site.rglob("*.html")
    )
    assert len(pages) > 20 and any(page.startswith("papers/") for page in pages)
    return pages


@pytest.fixture(scope="module")
def hostile_crawl(browser, hostile_url, hostile_pages):
    """Visit every page of the hostile site; per page, the probe's value and any dangerous markup found."""
    tab = open_visit(browser, hostile_url)
    probes, markup = {}, {}
    try:
        for path in hostile_pages:
            page = tab.goto(path)
            page.evaluate(NEXT_FRAMES)
            probes[path] = page.evaluate(PROBE)
            markup[path] = page.evaluate(DANGEROUS_MARKUP)
    finally:
        tab.close()
    return probes, markup, tab.dialogs


def test_no_injected_script_runs_on_any_page(hostile_crawl):
    probes, _, dialogs = hostile_crawl
    ran = {path: value for path, value in probes.items() if value is not None}
    assert ran == {} and dialogs == []


def test_no_page_carries_script_urls_or_inline_handlers(hostile_crawl):
    _, markup, _ = hostile_crawl
    found = {path: items for path, items in markup.items() if items}
    assert found == {}


def test_searching_for_payload_text_runs_no_script(browser, hostile_url):
    tab = open_visit(browser, hostile_url)
    try:
        page = tab.goto("")
        box = page.locator(".md-search__input")
        shown = {}
        for text in SEARCHES:
            box.click()
            box.fill("")
            box.press_sequentially(text)
            expect(page.locator("#pf-search-results")).to_have_attribute("data-pf-query", text)
            results = page.locator("#pf-search-results [role=option]")
            expect(results.first).to_be_visible()
            shown[text] = results.count()
            assert page.evaluate(PROBE) is None, f"searching {text!r} ran a payload"
            assert page.evaluate(DANGEROUS_MARKUP) == [], f"searching {text!r}"
        # The payloads show as text in the results, and opening one leads to its page.
        box.fill("")
        box.press_sequentially("Search Result")
        expect(page.locator("#pf-search-results")).to_have_attribute("data-pf-query", "Search Result")
        result = page.locator("#pf-search-results [role=option]", has_text="Search Result").first
        assert "onerror=window.__pwned=83>" in result.inner_text()
        result.click()
        page.wait_for_url("**/papers/**")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(PROBE) is None
        assert page.evaluate(DANGEROUS_MARKUP) == []
    finally:
        tab.close()
    assert all(shown.values()), shown
    assert tab.dialogs == []
