"""Search records from the model: what each page is found by, shown with and filtered on."""

from __future__ import annotations

import datetime as dt
import enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import load_portfolio
from generator.model import Author, Collection, Paper, Portfolio
from generator.search import FACETS, portfolio_records, readable
from generator.search.records import paper_record


def small_portfolio() -> Portfolio:
    """Two profiled authors who share a paper, a co-author's paper listed by neither, a collection."""
    shared = Paper(
        r"Counting $\mathcal{O}(n^2)$ Ducks",
        authors=["Mira Okonkwo-Hale", "Lin Zhao"],
        category="LG",
        date=dt.date(2024, 3, 5),
        abstract=r"We count ducks. The count is $k + \mathcal{O}(1)$.",
        id="counting-ducks",
    )
    solo = Paper(
        "Geese at Dawn",
        authors=["Mira Okonkwo-Hale"],
        authors_truncated=True,
        category="CV",
        date=dt.date(2023, 1, 2),
        abstract="Geese fly at dawn.",
        id="geese-at-dawn",
    )
    bare = Paper("A Paper Without Abstract", authors=["Lin Zhao", "Sam Field"], id="no-abstract")
    mira = Author(
        "Mira Okonkwo-Hale",
        category="LG",
        h_index=12,
        citations=3400,
        papers=["counting-ducks", "geese-at-dawn"],
        slug="mira-okonkwo-hale",
    )
    lin = Author("Lin Zhao", papers=["counting-ducks"], slug="lin-zhao")
    daily = Collection("Daily Papers", date=dt.date(2026, 1, 6), papers=["geese-at-dawn", "no-abstract"], slug="daily")
    return Portfolio(authors=[mira, lin], papers={p.id: p for p in (bare, solo, shared)}, collections=[daily])


def by_url(records) -> dict:
    return {record.url: record for record in records}


def test_a_paper_record_holds_its_page_address_plain_title_authors_year_and_category():
    records = by_url(portfolio_records(small_portfolio()))
    ducks = records["papers/counting-ducks/"]
    assert ducks.meta == {
        "kind": "paper",
        "title": "Counting O(n^2) Ducks",
        "authors": "Mira Okonkwo-Hale, Lin Zhao",
        "year": "2024",
        "category": "Machine Learning (cs.LG)",
    }
    assert ducks.content == "We count ducks. The count is k + O(1)."
    assert ducks.sort == {"date": "2024-03-05"}
    assert records["papers/geese-at-dawn/"].meta["authors"] == "Mira Okonkwo-Hale, et al."


def test_facets_name_the_sites_authors_year_category_and_collections():
    records = by_url(portfolio_records(small_portfolio()))
    assert records["papers/counting-ducks/"].filters == {
        "author": ["Mira Okonkwo-Hale", "Lin Zhao"],
        "year": ["2024"],
        "category": ["Machine Learning (cs.LG)"],
    }
    assert records["papers/geese-at-dawn/"].filters["collection"] == ["Daily Papers: Jan 6, 2026"]
    # A profiled author is a facet value on every paper they wrote, listed on their profile or not.
    assert records["papers/no-abstract/"].filters == {
        "author": ["Lin Zhao"],
        "collection": ["Daily Papers: Jan 6, 2026"],
    }
    assert {name for record in records.values() for name in record.filters} <= set(FACETS)


def test_an_undated_paper_without_abstract_is_found_by_its_title_and_has_no_date_to_sort_by():
    bare = by_url(portfolio_records(small_portfolio()))["papers/no-abstract/"]
    assert bare.content == "A Paper Without Abstract"  # Pagefind drops a record without text
    assert bare.sort == {} and "year" not in bare.meta and "year" not in bare.filters


def test_a_paper_whose_abstract_and_title_hold_no_word_is_found_by_its_address():
    # Pagefind drops a record without a word: every paper must keep one.
    marks = paper_record(Paper("--- ---", abstract="<!-- -->", id="marks"), "papers/marks/", [], [])
    assert marks.content == "--- --- marks"
    assert paper_record(Paper("A Title", abstract="$$ --", id="t"), "papers/t/", [], []).content == "A Title"


def test_authors_and_collections_have_records_of_their_own():
    records = by_url(portfolio_records(small_portfolio()))
    mira = records["authors/mira-okonkwo-hale/"]
    assert mira.meta == {
        "kind": "author",
        "title": "Mira Okonkwo-Hale",
        "details": "Machine Learning (cs.LG) · 2 papers · h-index 12 · 3,400 citations",
    }
    assert mira.filters == {"author": ["Mira Okonkwo-Hale"]}
    assert records["authors/lin-zhao/"].meta["details"] == "1 paper"
    daily = records["collections/daily/"]
    assert daily.meta["title"] == "Daily Papers: Jan 6, 2026" and daily.filters == {"collection": [daily.meta["title"]]}
    assert len(records) == 3 + 2 + 1


def test_urls_follow_use_directory_urls_and_a_personal_sites_home():
    plain = by_url(portfolio_records(small_portfolio(), directory_urls=False))
    assert {"papers/counting-ducks.html", "authors/lin-zhao.html", "collections/daily.html"} <= set(plain)
    personal = by_url(portfolio_records(small_portfolio(), home="index.md", home_author="mira-okonkwo-hale"))
    assert personal[""].meta["title"] == "Mira Okonkwo-Hale" and "authors/mira-okonkwo-hale/" not in personal
    flat = by_url(
        portfolio_records(small_portfolio(), directory_urls=False, home="overview.md", home_author="lin-zhao")
    )
    assert flat["overview.html"].meta["title"] == "Lin Zhao"


def test_the_order_is_papers_newest_first_then_authors_then_collections():
    urls = [record.url for record in portfolio_records(small_portfolio())]
    assert urls == [
        "papers/counting-ducks/",
        "papers/geese-at-dawn/",
        "papers/no-abstract/",
        "authors/mira-okonkwo-hale/",
        "authors/lin-zhao/",
        "collections/daily/",
    ]


def test_a_publication_type_is_a_facet_when_the_model_knows_it():
    class Kind(enum.Enum):
        JOURNAL_ARTICLE = "journal_article"

    paper = Paper("Typed", abstract="Text.", id="typed")
    assert "type" not in paper_record(paper, "papers/typed/", [], []).filters  # the model has no types yet
    paper.pub_type = Kind.JOURNAL_ARTICLE
    record = paper_record(paper, "papers/typed/", [], [])
    assert record.filters["type"] == ["journal article"] and record.meta["type"] == "journal article"
    paper.pub_type = "preprint"
    assert paper_record(paper, "papers/typed/", [], []).filters["type"] == ["preprint"]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"$\textbf{Zebra-CoT}$, a dataset", "Zebra-CoT, a dataset"),
        (r"a \emph{scan everything} step", "a scan everything step"),
        (r"50.4\% (18.8\% before)", "50.4% (18.8% before)"),
        (r"costs \$1 and $k \leq 2$", "costs $1 and k ≤ 2"),
        (r"an \unknown{argument} and a lone \ at the end \\", "an argument and a lone at the end"),
        ("  spaced \n out  ", "spaced out"),
        (None, ""),
    ],
)
def test_readable_text_has_no_latex_source(source, text):
    assert readable(source) == text


@given(st.lists(st.sampled_from([*"ab \\${}^_%&~.", "\\textbf", "\\emph", "\\frac", "\\alpha"])).map("".join))
def test_readable_text_never_holds_a_backslash(source):
    assert "\\" not in readable(source)


def test_the_seeds_records_hold_no_latex_and_every_paper_once(seeds, as_of):
    portfolio = load_portfolio(sorted(seeds.glob("*.txt")), as_of)
    records = portfolio_records(portfolio)
    papers = [r for r in records if r.meta["kind"] == "paper"]
    assert sorted(r.url for r in papers) == sorted(f"papers/{pid}/" for pid in portfolio.papers)
    for record in records:
        for text in (record.content, *record.meta.values()):
            assert "\\" not in text, (record.url, text)
    zebra = next(r for r in papers if "Zebra-CoT" in r.content)
    assert "textbf" not in zebra.content
