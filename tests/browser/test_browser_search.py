"""The search box in the browser, on the seeds site: what a visitor finds, how results read, facets, the keyboard,
a phone, and what of the index is fetched before a search (the engine only, nothing when saving data)."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import serving

# Without Playwright the whole folder is skipped (conftest.py); this keeps collection from failing.
expect = pytest.importorskip("playwright.sync_api").expect

FONE = "papers/fone-precise-single-token-number-embeddings-via-fourier-features/"
ADDITION = "papers/pre-trained-large-language-models-use-fourier-features-to-compute-addition/"
ZEBRA_COT = "papers/zebra-cot-a-dataset-for-interleaved-vision-language-reasoning/"
OPTION = "#pf-search-results [role=option]"
# A LaTeX command as typed in the sources: a backslash before letters, or a brace group after `^`/`_`.
YEAR = re.compile(r"(?:^|· )(\d{4})(?: ·|$)")  # the year among the facts under a result's title
LATEX = re.compile(r"\\[A-Za-z]+|\\[%$&#_{}]|[\^_]\{")


def search(page, text: str):
    """Open search with `/` (unless it is open) and type `text` as a visitor does; returns the result list."""
    box = page.locator(".md-search__input")
    if not box.evaluate("element => element === document.activeElement"):
        page.keyboard.press("/")
    expect(box).to_be_focused()
    box.fill("")
    box.press_sequentially(text)
    expect(box).to_have_value(text)
    results = page.locator("#pf-search-results")
    expect(results).to_have_attribute("data-pf-query", text)  # the results of the whole query, not of a prefix
    return results


def result_for(results, path: str):
    """The result leading to the page at `path`."""
    return results.locator(f'[role=option][href$="/{path}"]')


def status(page) -> str:
    return page.locator(".pf-search__status").inner_text()


def test_typing_fourier_shows_fone_and_the_addition_paper(visit):
    results = search(visit.goto(""), "Fourier")
    expect(result_for(results, FONE)).to_have_count(1)
    expect(result_for(results, ADDITION)).to_have_count(1)
    assert "FoNE" in result_for(results, FONE).inner_text()
    assert "Fourier Features to Compute Addition" in result_for(results, ADDITION).inner_text()
    assert not visit.problems


def test_a_result_shows_title_authors_year_and_the_matching_sentence_highlighted(visit):
    results = search(visit.goto(""), "Fourier")
    fone = result_for(results, FONE)
    expect(fone).to_have_count(1)
    assert fone.locator(".pf-search__title").inner_text().startswith("FoNE: Precise Single-Token Number Embeddings")
    facts = fone.locator(".pf-search__facts").inner_text()
    assert "Tianyi Zhou" in facts and "Deqing Fu" in facts and "2025" in facts
    excerpt = fone.locator(".pf-search__excerpt").inner_text()
    assert re.match(r"[A-Z(…]", excerpt) and re.search(r"[.!?…]$", excerpt), excerpt  # whole sentences
    marks = fone.locator(".pf-search__excerpt mark").all_inner_texts()
    assert marks and all(mark.casefold().startswith("fourier") for mark in marks), marks
    # Stop words stay in: the excerpt is the abstract's own sentence.
    assert re.search(r"\b(the|a|we|for|of)\b", excerpt), excerpt


def test_clicking_a_result_opens_that_paper(visit):
    page = visit.goto("")
    result = result_for(search(page, "Fourier"), FONE)
    expect(result).to_have_count(1)
    result.click()
    page.wait_for_url(f"**/{FONE}")
    assert page.locator("article h1").first.inner_text().startswith("FoNE: Precise Single-Token Number Embeddings")
    assert not visit.problems


def test_searching_an_author_name_finds_the_author_page_and_their_papers(visit):
    results = search(visit.goto(""), "Zhi-Hong Deng")
    author = result_for(results, "authors/zhi-hong-deng/")
    expect(author).to_have_count(1)
    assert "Zhi-Hong Deng" in author.inner_text() and "Author" in author.inner_text()
    expect(results.locator("[role=option]")).to_have_count(10)  # and the first ten of his papers


def test_excerpts_read_math_as_text_never_latex_source(visit):
    page = visit.goto("")
    shown = []
    for query in ("Zebra-CoT", "IsoBench", "embeddings", "benchmark", "reasoning"):
        results = search(page, query)
        expect(results.locator("[role=option]").first).to_be_visible()
        for text in results.locator("[role=option]").all_inner_texts():
            assert not LATEX.search(text), (query, text)
            shown.append(text)
    zebra = [text for text in shown if "Zebra-CoT" in text]
    assert zebra and not [text for text in zebra if "textbf" in text]


def test_the_keyboard_opens_moves_through_opens_and_closes(visit):
    page = visit.goto(FONE)
    box = page.locator(".md-search__input")
    page.keyboard.press("s")  # `s` opens search too, like `/`
    expect(box).to_be_focused()
    box.press_sequentially("Fourier")
    expect(page.locator("#pf-search-results")).to_have_attribute("data-pf-query", "Fourier")
    options = page.locator(OPTION)
    expect(options.nth(2)).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    page.keyboard.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(second).to_have_attribute("aria-selected", "false")
    page.keyboard.press("ArrowDown")
    target = second.get_attribute("href")
    page.keyboard.press("Escape")  # closes
    expect(box).to_have_attribute("aria-expanded", "false")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("/")  # open again: the results are still there
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(second).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert not visit.problems


def test_a_facet_narrows_the_results_and_sort_puts_the_newest_first(visit, seeds_site):
    page = visit.goto("")
    results = search(page, "language models")
    expect(results.locator("[role=option]").first).to_be_visible()
    everything = int(re.search(r"\d+", status(page))[0])
    page.locator(".pf-search__refine").click()
    year = page.locator(".pf-search__facet", has_text="Year").locator("select")
    expect(year).to_be_visible()
    assert year.locator("option").count() > 3
    before = status(page)
    year.select_option("2024")
    expect(page.locator(".pf-search__status")).not_to_have_text(before)
    expect(results).to_have_attribute("aria-busy", "false")
    narrowed = int(re.search(r"\d+", status(page))[0])
    assert 0 < narrowed < everything
    facts = results.locator(".pf-search__facts").all_inner_texts()
    assert facts and all(YEAR.search(text)[1] == "2024" for text in facts), "\n".join(facts)
    year.select_option("")
    author = page.locator(".pf-search__facet", has_text="Author").locator("select")
    author.select_option("Zhi-Hong Deng")
    expect(page.locator(".pf-search__status")).not_to_have_text(re.compile(rf"^{everything}\b"))
    expect(results).to_have_attribute("aria-busy", "false")
    deng = json.loads((seeds_site / "api/authors/zhi-hong-deng.json").read_text("utf-8"))
    his = {f"/papers/{paper_id}/" for paper_id in deng["author"]["papers"]} | {"/authors/zhi-hong-deng/"}
    shown = list(results.locator("[role=option]").evaluate_all("nodes => nodes.map(n => n.getAttribute('href'))"))
    assert shown and set(shown) <= his, shown
    author.select_option("")
    page.locator(".pf-search__facet", has_text="Sort").locator("select").select_option("desc")
    expect(page.locator(".pf-search__status")).to_contain_text("newest first")
    expect(results).to_have_attribute("aria-busy", "false")
    years = [int(m[1]) for text in results.locator(".pf-search__facts").all_inner_texts() if (m := YEAR.search(text))]
    assert len(years) >= 5 and years == sorted(years, reverse=True), years
    assert not visit.problems


AHEAD = re.compile(
    r"/pagefind/(pagefind\.js|pagefind-entry\.json\?ts=\d+|pagefind\.\w+\.pf_meta|wasm\.\w+\.pagefind|index/\w+\.pf_index)$"
)


def test_only_the_search_engine_is_fetched_ahead_and_the_index_when_searching(browser, seeds_site):
    # Once the page is idle: Pagefind's script, entry file, metadata and WebAssembly (what every search needs) and,
    # the seeds site being small, its word index; no record. The first search then fetches only its results'
    # records (the rest comes from the browser's cache).
    asked: list[str] = []
    with serving(seeds_site, {"Cache-Control": "max-age=600"}, asked) as base:  # GitHub Pages' caching
        # Not through a Visit: Playwright turns the browser's cache off for a context that routes requests.
        context = browser.new_context(service_workers="block")
        try:
            page = context.new_page()
            elsewhere = []
            page.on("request", lambda request: request.url.startswith(base) or elsewhere.append(request.url))
            with page.expect_request(lambda request: "/pagefind/wasm." in request.url):
                page.goto(base + FONE)
            page.wait_for_load_state("networkidle")
            ahead = [path for path in asked if path.startswith("/pagefind/")]
            assert ahead and all(AHEAD.search(path) for path in ahead), ahead
            kinds = {AHEAD.search(path)[1].split(".")[0].split("/")[0] for path in ahead}
            assert kinds >= {"pagefind", "pagefind-entry", "wasm", "index"}, ahead
            asked.clear()
            result_for(search(page, "Fourier"), FONE).wait_for()
            fetched = {path.rsplit(".", 1)[-1] for path in asked if path.startswith("/pagefind/")}
            assert fetched <= {"pf_fragment", "pf_filter"} and "pf_fragment" in fetched, asked
            assert not elsewhere
        finally:
            context.close()


def test_a_browser_saving_data_fetches_nothing_of_search_until_it_is_focused(visit):
    visit.page.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
    requested = []
    visit.page.on("request", lambda request: requested.append(request.url))
    page = visit.goto(FONE, wait_until="networkidle")
    page.wait_for_timeout(1500)  # past the idle callback's time
    assert not [url for url in requested if "/pagefind/" in url], "the page load fetched part of the search"
    with page.expect_request(lambda request: request.url.endswith("/pagefind/pagefind.js")):
        page.locator(".md-search__input").click()
    expect(page.locator(".pf-search__status")).to_be_visible()
    result_for(search(page, "Fourier"), FONE).wait_for()
    assert not visit.problems


def test_search_on_a_phone_fills_the_screen_and_results_fit_it(phone_visit):
    page = phone_visit.goto(FONE)
    page.locator("header label.md-header__button[for=__search]").click()
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially("Fourier")
    first = page.locator(OPTION).first
    expect(first).to_be_visible()
    width = page.viewport_size["width"]
    # the search box widens into the screen as it opens (Material's transition): measured once it has settled
    page.wait_for_function(
        "w => document.querySelector('.md-search__input').getBoundingClientRect().right <= w", arg=width
    )
    box_left, box_right = box.bounding_box()["x"], box.bounding_box()["x"] + box.bounding_box()["width"]
    assert 0 <= box_left and box_right <= width
    for option in page.locator(OPTION).all()[:3]:
        frame = option.bounding_box()
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= width + 1, frame
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    first.click()
    page.wait_for_url("**/papers/**")
    assert not phone_visit.problems
