"""The kinds of page as a visitor's browser gets them: clean loads, phone layout and screenshots."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PAGES, PHONE, output_dir

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HEADINGS = {
    "home": "Research portfolio",
    "author": "Deqing Fu",
    "paper": "FoNE: Precise Single-Token Number Embeddings via Fourier Features",
    "index": "Machine Learning (cs.LG)",
    "collection": "Daily Papers",
    "authors": "Authors",
    "cv": "Zhi-Hong Deng",
    "statistics": "Site statistics",
    "radar": "Radar",
}


@pytest.mark.parametrize("kind", PAGES)
def test_page_loads_with_no_console_errors_or_failed_requests(visit, kind):
    page = visit.goto(PAGES[kind], wait_until="networkidle")  # late requests fail too
    assert HEADINGS[kind] in page.locator("article h1").first.inner_text()
    assert not visit.problems, "\n".join(visit.problems)


@pytest.mark.parametrize("kind", PAGES)
def test_nothing_overflows_a_phone_screen(phone_visit, kind):
    page = phone_visit.goto(PAGES[kind])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Elements that stick out are clipped by Material's containers rather than widening the page: find them.
    sticking_out = page.evaluate(
        """(width) => [...document.querySelectorAll('.md-content *')]
        .filter(el => { const box = el.getBoundingClientRect();
                        return box.width > 0 && (box.right > width + 1 || box.left < -1)
                               && getComputedStyle(el).visibility !== 'hidden'; })
        .filter(el => !el.closest('pre, .md-typeset__scrollwrap, .pf-table-scroll, details:not([open])'))
        .map(el => el.tagName.toLowerCase() + '.' + el.className)""",
        PHONE["width"],
    )
    assert sticking_out == []


def test_navigation_is_reachable_on_a_phone(phone_visit):
    page = phone_visit.goto(PAGES["paper"])
    tabs = page.locator(".md-tabs")
    assert not tabs.is_visible(), "at 375 px the tabs give way to the drawer"
    menu = page.locator("label.md-header__button[for='__drawer']")
    assert menu.is_visible()
    menu.click()
    drawer_link = page.locator(".md-nav--primary .md-nav__link", has_text="Authors").first
    drawer_link.wait_for(state="visible")
    box = drawer_link.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    drawer_link.click()
    page.wait_for_url("**/authors/")
    assert "Authors" in page.locator("article h1").first.inner_text()


def test_screenshots_of_every_page_desktop_and_phone(visit, phone_visit):
    """Whole pages and their first screen, in $PORTFOLIO_TEST_OUTPUT/screenshots/ (test-output/ by default)."""
    folder = output_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for tab, size in ((visit, "desktop"), (phone_visit, "phone")):
        for kind, path in PAGES.items():
            page = tab.goto(path)
            for extent in ("page", "screen"):
                target = folder / f"{kind}-{size}-{extent}.png"
                target.unlink(missing_ok=True)
                page.screenshot(path=str(target), full_page=extent == "page")
                written[target] = DESKTOP if size == "desktop" else PHONE
    for target, viewport in written.items():
        data = target.read_bytes()
        assert data.startswith(PNG_SIGNATURE), target
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == viewport["width"], target
        assert height > viewport["height"] if target.stem.endswith("page") else height == viewport["height"], target
