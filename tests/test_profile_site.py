"""A seed author's settings file on the built site: photo, bio, affiliation and links; selected papers first, a hidden
paper left off with a notice; name variants highlighted and matched; link buttons on papers; Google Scholar meta and
JSON-LD carrying DOI, arXiv id, venue, type and sameAs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import AS_OF, FIXTURES, SEEDS, SOURCES, run_portfolio
from tests.projects import make_project

pytestmark = pytest.mark.slow

SETTINGS = FIXTURES / "settings" / "deqing-fu.yml"
SECOND_ORDER = "transformers-learn-to-achieve-second-order-convergence-rates-for-in-context"
RESA = "resa-transparent-reasoning-models-via-saes"
HIDDEN = "Are LLM Decisions Faithful to Verbal Confidence?"


def profile_project(folder: Path) -> Path:
    """The seeds, the .bib of the seed author, a paper spelling them `D. Fu`, their settings file and photo."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    project = make_project(
        folder, [*sorted(SEEDS.iterdir()), SOURCES / "deqing_fu.bib", SOURCES / "deqing_fu_variant.bib"]
    )
    shutil.copy(SETTINGS, project / "profiles" / SETTINGS.name)
    photo = Image.new("RGB", (900, 600), (40, 90, 160))  # a wide photo: the site gets it at most 512 px wide
    photo.save(project / "profiles" / "deqing-fu.png")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = profile_project(tmp_path_factory.mktemp("profile") / "project")
    result = run_portfolio(
        "build", "--as-of", AS_OF.isoformat(), cwd=project, env={"SOURCE_DATE_EPOCH": "1700000000"}, check=False
    )
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    (project / "build.log").write_text(result.stderr, "utf-8")
    return project / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def test_the_author_page_shows_photo_bio_affiliation_and_links(site):
    author = page(site, "authors/deqing-fu").select_one("article")
    photo = author.select_one("img.pf-photo")
    assert photo["alt"] == "Photo of Deqing Fu"
    with Image.open((site / "authors/deqing-fu" / photo["src"]).resolve()) as image:
        assert image.size == (512, 341) and (int(photo["width"]), int(photo["height"])) == image.size
    assert author.select_one(".pf-card__affiliation").get_text() == "University of Southern California"
    bio = author.select_one(".pf-bio")
    assert {tag.name for tag in bio.find_all(True)} == {"p", "strong", "em", "a"}  # nothing else became HTML
    assert "<script>alert(1)</script>" in bio.get_text()
    assert bio.select_one("a")["href"] == "https://example.org/usc-nlp/" and "nofollow" in bio.select_one("a")["rel"]
    links = {a.get_text(): a["href"] for a in author.select(".pf-profile-links a")}
    assert links["ORCID 0000-0002-1825-0097"] == "https://orcid.org/0000-0002-1825-0097"
    assert links["Homepage"] == "https://example.org/deqing-fu/"
    assert "https://scholar.google.com/citations?user=EXAMPLE1" in links.values()
    assert all(href.startswith("https://") for href in links.values())


def test_selected_papers_come_first_and_a_hidden_one_is_left_off_with_a_notice(site):
    author = page(site, "authors/deqing-fu").select_one("article")
    headings = [h.get("id") for h in author.select("h2")]
    assert headings.index("selected") < headings.index("papers")
    selected = [a.get_text() for a in author.select("#selected + ul .pf-paper__title")]
    assert selected == [
        "Transformers Learn to Achieve Second-Order Convergence Rates for In-Context Linear Regression",
        "Zebra-CoT: A Dataset for Interleaved Vision Language Reasoning",
    ]
    listed = [a.get_text() for a in author.select(".pf-year .pf-paper__title")]
    assert HIDDEN not in listed and author.select_one(".pf-hidden-notice")
    data = json.loads((site / "api/authors/deqing-fu.json").read_text("utf-8"))
    assert any(paper["title"] == HIDDEN for paper in data["papers"])  # kept in the data
    assert data["author"]["hidden"] and len(data["author"]["selected"]) == 2
    assert HIDDEN not in (site / "authors/deqing-fu.bib").read_text("utf-8")


def test_name_variants_are_theirs_highlighted_and_matched(site):
    author = page(site, "authors/deqing-fu").select_one("article")
    item = next(li for li in author.select(".pf-paper") if "Name Variants in Author Lists" in li.get_text())
    assert item.select_one("strong.pf-self").get_text() == "D. Fu"  # the paper joined their page by the variant
    paper = page(site, "papers/name-variants-in-author-lists").select_one("article")
    assert paper.select_one("a.pf-profiled").get_text() == "D. Fu"


def test_papers_have_their_link_buttons_and_settings_additions(site):
    buttons = {a.get_text(): a["href"] for a in page(site, f"papers/{SECOND_ORDER}").select("nav.pf-links a")}
    assert buttons == {
        "arXiv": "https://arxiv.org/abs/2310.17086",
        "PDF": "https://arxiv.org/pdf/2310.17086",
        "DOI": "https://doi.org/10.5555/neurips.2024.70117",
        "Slides": "https://example.org/slides/second-order.pdf",
        "Video": "https://example.org/talks/second-order",
    }
    resa = {a.get_text(): a["href"] for a in page(site, f"papers/{RESA}").select("nav.pf-links a")}
    assert resa == {"PDF": "https://example.org/papers/resa.pdf", "Code": "https://github.com/example-lab/resa"}
    facts = page(site, f"papers/{SECOND_ORDER}").select_one(".pf-facts").get_text(" ")
    assert "Spotlight" in facts and "Conference paper" in facts
    css = (site / "assets/stylesheets/portfolio-icons.css").read_text("utf-8")
    for kind in ("arxiv", "pdf", "doi", "code", "slides", "video", "orcid", "github"):
        assert f'.pf-link--{kind} {{ --pf-icon: url("data:image/svg+xml,' in css


def test_google_scholar_meta_and_json_ld_carry_identifiers_venue_type_and_same_as(site):
    head = page(site, f"papers/{SECOND_ORDER}").head
    meta = {
        tag["name"]: tag["content"] for tag in head.select("meta[name^=citation_]") if tag["name"] != "citation_author"
    }
    assert meta["citation_doi"] == "10.5555/neurips.2024.70117" and meta["citation_arxiv_id"] == "2310.17086"
    assert meta["citation_conference_title"] == "Advances in Neural Information Processing Systems 37"
    assert meta["citation_pdf_url"] == "https://arxiv.org/pdf/2310.17086"
    paper = json.loads(head.select_one("script[type='application/ld+json']").get_text())
    assert {"propertyID": "DOI", "value": "10.5555/neurips.2024.70117", "@type": "PropertyValue"} in paper["identifier"]
    assert "https://arxiv.org/abs/2310.17086" in paper["sameAs"]
    person = json.loads(
        page(site, "authors/deqing-fu").head.select_one("script[type='application/ld+json']").get_text()
    )
    assert person["sameAs"][:2] == ["https://orcid.org/0000-0002-1825-0097", "https://example.org/deqing-fu/"]
    assert person["identifier"]["value"] == "0000-0002-1825-0097"
