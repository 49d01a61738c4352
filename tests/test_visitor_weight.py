"""What a visitor downloads stays light on a big site: the home page, and nothing fetched before it is needed."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from bs4 import BeautifulSoup

from generator.pipeline import load_portfolio
from generator.render import HOME_AUTHORS, RenderOptions, render_site
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from synth import generate_corpus  # noqa: E402

pytestmark = pytest.mark.slow  # every test here builds a whole site


def test_a_big_home_page_shows_the_most_prolific_authors_and_links_them_all(tmp_path):
    generate_corpus(tmp_path, 1000, seed=3)
    portfolio = load_portfolio([tmp_path], dt.date(2026, 11, 22))
    assert len(portfolio.authors) > HOME_AUTHORS
    home = next(page for page in render_site(portfolio, RenderOptions()) if page.path == "index.md")
    body = BeautifulSoup(home.body, "html.parser")
    names = [card.get_text(strip=True) for card in body.select(".pf-author-card .pf-card__name")]
    assert len(names) == HOME_AUTHORS
    counts = sorted((len(a.papers) for a in portfolio.authors), reverse=True)
    shown = {a.name: len(a.papers) for a in portfolio.authors if a.name in names}
    assert min(shown.values()) >= counts[HOME_AUTHORS - 1]  # nobody left out has more papers than someone shown
    more = body.select_one(".pf-more a")
    assert more.get_text() == f"All {len(portfolio.authors)} authors" and more["href"] == "authors/"


def test_a_small_home_page_shows_every_author(sources):
    portfolio = load_portfolio([sources], dt.date(2026, 11, 22))
    home = next(page for page in render_site(portfolio, RenderOptions()) if page.path == "index.md")
    body = BeautifulSoup(home.body, "html.parser")
    assert len(body.select(".pf-author-card")) == len(portfolio.authors) and not body.select(".pf-more")
