"""A researcher's settings file on a small built site, read back as browsers, reference managers and feed readers
read it: Project link buttons (from the settings file and from BibTeX), Google Scholar's journal and conference
meta tags, hidden papers kept out of the author's RIS, CSL-JSON and Atom feed but kept in their data, and their
Google Scholar profile in the author page's JSON-LD `sameAs`."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
import rispy

from tests.made_sources import MadePaper, MadeProfile
from tests.projects import build, make_project
from tests.test_profile_site import page

pytestmark = pytest.mark.slow

SLUG = "ada-quill"
SCHOLAR = "https://scholar.google.com/citations?user=EXAMPLE2&hl=en"

BIB = r"""@article{quill2024tides,
  title   = {Tidal Forecasting with {Sparse} Sensors},
  author  = {Quill, Ada and Rowe, Bo},
  journal = {Journal of Coastal Examples},
  year    = 2024,
  month   = mar,
  doi     = {10.5555/jce.2024.001},
}

@inproceedings{quill2023estuary,
  title     = {Estuary Mixing at Night},
  author    = {Quill, A. and Tran, Dev},
  booktitle = {Proceedings of the Example Workshop},
  year      = 2023,
  month     = nov,
  html      = {https://example.org/estuary/},
}

@misc{quill2023waves,
  title         = {Wave Models, Revisited},
  author        = {Quill, Ada},
  year          = 2023,
  eprint        = {2305.02222},
  archivePrefix = {arXiv},
  primaryClass  = {physics.ao-ph},
}

@article{quill2025kelp,
  title   = {Kelp Forests Seen from Orbit},
  author  = {Tran, Dev and Quill, Ada},
  journal = {Remote Examples},
  year    = 2025,
  month   = feb,
  doi     = {10.5555/kelp.2025.1},
}
"""

SETTINGS = f"""\
# Ada Quill's settings (an invented researcher).
author: Ada Quill
variants:
  - Quill, A.
homepage: https://example.org/ada-quill/
affiliation: Example Coastal Lab
links:
  google_scholar: {SCHOLAR}
  github: https://github.com/example-ada
hidden:
  - doi:10.5555/kelp.2025.1
  - Harbour Seiches Measured Twice
papers:
  - paper: arXiv:2305.02222
    project: https://example.org/waves/
"""

TIDES = "Tidal Forecasting with Sparse Sensors"
ESTUARY = "Estuary Mixing at Night"
WAVES = "Wave Models, Revisited"
HIDDEN = {"Kelp Forests Seen from Orbit", "Harbour Seiches Measured Twice"}
SHOWN = {TIDES, ESTUARY, WAVES}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Ada Quill's saved page, her .bib and her settings file, built."""
    project = make_project(tmp_path_factory.mktemp("settings-extras") / "project")
    profile = MadeProfile(
        "Ada Quill",
        [
            MadePaper(TIDES, ["Ada Quill", "Bo Rowe"], date="Mar 9, 2024"),
            MadePaper("Harbour Seiches Measured Twice", ["Ada Quill", "Dev Tran"], date="May 5, 2025"),
        ],
    )
    (project / "profiles" / "ada-quill.txt").write_text(profile.text(), "utf-8")
    (project / "profiles" / "ada-quill.bib").write_text(BIB, "utf-8")
    (project / "profiles" / "ada-quill.yml").write_text(SETTINGS, "utf-8")
    code, stderr, _ = build(project)
    assert code == 0, stderr
    return project / "site"


def paper_ids(site: Path) -> dict[str, str]:
    """Paper ids by title, from the site's data."""
    data = json.loads((site / "api/portfolio.json").read_text("utf-8"))
    return {paper["title"]: paper["id"] for paper in data["papers"]}


def buttons(site: Path, title: str) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in page(site, f"papers/{paper_ids(site)[title]}").select("nav.pf-links a")}


def test_a_project_link_from_the_settings_file_or_bibtex_is_a_project_button(site):
    waves = buttons(site, WAVES)  # `project:` in the settings file
    assert waves["Project"] == "https://example.org/waves/"
    estuary = buttons(site, ESTUARY)  # BibTeX `html`, as al-folio writes it
    assert estuary["Project"] == "https://example.org/estuary/"
    assert all(href.startswith(("https://", "http://")) for href in (*waves.values(), *estuary.values()))
    assert "Project" not in buttons(site, TIDES)  # no project page known: no button


def citation_meta(site: Path, title: str) -> dict[str, str]:
    head = page(site, f"papers/{paper_ids(site)[title]}").head
    return {
        tag["name"]: tag["content"] for tag in head.select("meta[name^=citation_]") if tag["name"] != "citation_author"
    }


def test_a_journal_article_and_a_conference_paper_get_their_google_scholar_venue_tags(site):
    article = citation_meta(site, TIDES)
    assert article["citation_journal_title"] == "Journal of Coastal Examples"
    assert "citation_conference_title" not in article
    assert article["citation_doi"] == "10.5555/jce.2024.001"
    conference = citation_meta(site, ESTUARY)
    assert conference["citation_conference_title"] == "Proceedings of the Example Workshop"
    assert "citation_journal_title" not in conference
    preprint = citation_meta(site, WAVES)  # no venue: neither tag
    assert "citation_journal_title" not in preprint and "citation_conference_title" not in preprint


def test_hidden_papers_leave_the_authors_ris_csl_and_feed_but_stay_in_their_data(site):
    data = json.loads((site / f"api/authors/{SLUG}.json").read_text("utf-8"))
    assert {paper["title"] for paper in data["papers"]} == SHOWN | HIDDEN
    ris = rispy.loads((site / f"authors/{SLUG}.ris").read_text("utf-8"))
    assert {record.get("title") or record.get("primary_title") for record in ris} == SHOWN
    csl = json.loads((site / f"api/authors/{SLUG}.csl.json").read_text("utf-8"))
    assert {item["title"] for item in csl} == SHOWN
    feed = feedparser.parse((site / f"feeds/{SLUG}.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert {entry.title for entry in feed.entries} == SHOWN
    listed = [a.get_text() for a in page(site, f"authors/{SLUG}").select("article .pf-paper__title")]
    assert set(listed) == SHOWN  # as the page itself


def test_the_google_scholar_link_is_in_the_author_pages_json_ld_same_as(site):
    head = page(site, f"authors/{SLUG}").head
    person = json.loads(head.select_one("script[type='application/ld+json']").get_text())
    assert person["@type"] == "Person"
    assert SCHOLAR in person["sameAs"]
    assert "https://example.org/ada-quill/" in person["sameAs"] and "https://github.com/example-ada" in person["sameAs"]


def test_the_cv_json_resume_and_network_leave_out_hidden_papers_and_the_author_herself(site):
    cv = page(site, f"authors/{SLUG}/cv")
    listed = {" ".join(li.get_text().split()) for li in cv.select(".pf-cv__all li")}
    assert len(listed) == len(SHOWN) and all(any(title in entry for entry in listed) for title in SHOWN)
    assert not any(hidden in entry for entry in listed for hidden in HIDDEN)
    resume = json.loads((site / f"api/authors/{SLUG}.resume.json").read_text("utf-8"))
    assert {p["name"] for p in resume["publications"]} == SHOWN
    # a year-and-month source gives a year-and-month release date, never an invented first day
    dates = {p["name"]: p.get("releaseDate") for p in resume["publications"]}
    assert dates[ESTUARY] == "2023-11" and dates[TIDES] == "2024-03-09"
    # the network: her co-authors on the papers she shows; never herself under the spelling "Quill, A."
    author = page(site, f"authors/{SLUG}")
    people = [li.get_text().split(":")[0] for li in author.select(".pf-coauthor-list li")]
    assert sorted(people) == ["Bo Rowe", "Dev Tran"]  # Dev Tran through the estuary paper, not the hidden ones
    assert "1 shared paper" in author.select(".pf-coauthor-list li")[-1].get_text()
    assert not [
        t
        for t in author.select(".pf-insight--network svg text")
        if "Quill" in t.get_text() and "Ada" not in t.get_text()
    ]
