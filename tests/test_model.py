"""The model stage: de-duplication, shared papers, abstract matching, slugs and categories."""

from __future__ import annotations

import pytest

from generator import load_portfolio, normalise_title
from generator.model.slugs import assign_slugs, slugify


def test_titles_normalise_over_case_punctuation_latex_and_spacing():
    assert normalise_title(r"Lattice Parsing with $\mathcal{O}(n^2)$ Memory") == normalise_title(
        r"lattice  parsing with $\mathcal{O}(n^2)$ memory."
    )
    assert normalise_title(r"$\textbf{Zebra-CoT}$: A Dataset") == normalise_title("Zebra CoT - a dataset")
    assert normalise_title("Zero\u200bWidth") == normalise_title("ZeroWidth")


def test_a_shared_paper_exists_once_and_belongs_to_both_authors(sources, as_of):
    portfolio = load_portfolio([sources / "profile_basic.txt", sources / "profile_coauthor.txt"], as_of)
    mira, lin = portfolio.authors
    shared = [pid for pid in mira.papers if pid in lin.papers]
    assert len(shared) == 1
    paper = portfolio.papers[shared[0]]
    assert paper.sources == ["profile_basic.txt", "profile_coauthor.txt"]
    assert len(portfolio.papers) == 5


def test_feed_papers_merge_with_profile_papers(sources, as_of):
    portfolio = load_portfolio([sources / "profile_basic.txt", sources / "feed_basic.txt"], as_of)
    ducks = next(p for p in portfolio.papers.values() if p.title.startswith("Counting Ducks"))
    assert ducks.sources == ["profile_basic.txt", "feed_basic.txt"]
    assert ducks.authors == ["Jonas Weber", "Mira Okonkwo-Hale"]  # the profile's data wins
    assert ducks.upvotes == 4 and ducks.author_count == 2  # the feed fills in what the profile lacks
    assert portfolio.collections[0].papers[0] == ducks.id


def test_abstracts_match_the_right_papers_and_the_stranger_stays_unmatched(sources, as_of):
    portfolio = load_portfolio(
        [sources / "profile_basic.txt", sources / "profile_coauthor.txt", sources / "abstracts_basic.txt"], as_of
    )
    ducks = next(p for p in portfolio.papers.values() if p.title.startswith("Counting Ducks"))
    recipes = next(p for p in portfolio.papers.values() if p.title.startswith("Retrieval of Holiday"))
    assert ducks.abstract.startswith("Counting birds from the air")  # the profile's abstract stays the main one
    assert ducks.other_abstracts[0].startswith("Counting birds from aerial photographs")
    assert "abstracts_basic.txt" in ducks.sources and "abstracts_basic.txt" in recipes.sources
    assert [(u.line, u.text[:20]) for u in portfolio.unmatched_abstracts] == [(2, "We study the migrati")]


def test_output_does_not_depend_on_input_order(sources, as_of):
    from generator.exports.data import portfolio_data

    names = ["profile_basic.txt", "profile_coauthor.txt", "feed_basic.txt", "abstracts_basic.txt"]
    forward = portfolio_data(load_portfolio([sources / n for n in names], as_of), diagnostics=False)
    backward = portfolio_data(load_portfolio([sources / n for n in reversed(names)], as_of), diagnostics=False)
    assert forward == backward


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Ömer Faruk Akgül", "omer-faruk-akgul"),
        ("Zhi-Hong Deng", "zhi-hong-deng"),
        ("Łukasz Straße", "lukasz-strasse"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con-item"),
        ("!!!", "item"),
        ("日本語", "item"),
    ],
)
def test_slugs_are_ascii_and_safe(text, slug):
    assert slugify(text) == slug


def test_slug_collisions_get_a_deterministic_suffix():
    texts = {"José Li": "José Li", "Jose Li": "Jose Li", "JOSE LI": "JOSE LI"}
    first = assign_slugs(list(texts), texts)
    second = assign_slugs(list(reversed(list(texts))), texts)
    assert first == second
    assert len(set(first.values())) == 3 and "jose-li" in first.values()
    assert all(s.startswith("jose-li") for s in first.values())


def test_two_people_whose_names_slug_the_same_get_two_pages(tmp_path, sources, as_of):
    text = (sources / "profile_coauthor.txt").read_text("utf-8")
    (tmp_path / "a.txt").write_text(text.replace("Lin Wei\n\nCL", "José Li\n\nCL", 1), "utf-8")
    (tmp_path / "b.txt").write_text(text.replace("Lin Wei\n\nCL", "Jose Li\n\nCL", 1), "utf-8")
    portfolio = load_portfolio([tmp_path], as_of)
    assert sorted(a.slug for a in portfolio.authors)[0] == "jose-li"
    assert len({a.slug for a in portfolio.authors}) == 2
