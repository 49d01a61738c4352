"""The merging rules of README "Papers and authors found in several files", checked on small hand-written files
of every bibliography format: which copies are one paper (a DOI, else an arXiv id, else the title; different
DOIs never merge), which value the site shows when files disagree (a settings file's, then a bibliography's
before a saved page's) and the line that names both values, a researcher's own publication list on their page,
and byte-identical builds whatever the order of the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.diagnostics import Level
from generator.pipeline import load_portfolio
from tests.conftest import AS_OF, run_portfolio
from tests.made_sources import MadePaper, MadeProfile
from tests.projects import build, make_project, tree_hashes

pytestmark = pytest.mark.slow

ORCID = "0000-0002-1825-0097"  # ORCID's documentation example: its check digit is valid

# --- identity: DOI, then arXiv id, then title ---------------------------------------------------------------

# A Better BibTeX export: a month macro, braces protecting case, an arXiv eprint, a DOI written as a bare DOI.
IDENTITY_BIB = r"""% Encoding: UTF-8
@article{quill2024tides,
  title         = {Tidal Forecasting with {Sparse} Sensors},
  author        = {Quill, Ada and Rowe, Bo},
  journal       = {Journal of Coastal Examples},
  year          = 2024,
  month         = mar,
  doi           = {10.5555/jce.2024.001},
  eprint        = {2403.01111},
  archivePrefix = {arXiv},
  primaryClass  = {physics.ao-ph},
}

@misc{quill2023waves,
  title         = {Wave Models, Revisited},
  author        = {Quill, Ada},
  year          = {2023},
  eprint        = {2305.02222},
  archiveprefix = {arXiv},
}

@inproceedings{quill2022shared,
  title     = {A Title Two Papers Share},
  author    = {Quill, Ada},
  booktitle = {Proceedings of the Example Workshop},
  year      = 2022,
  doi       = {10.5555/ew.2022.7},
}

@article{quill2021drift,
  title   = {Sediment Drift in Shallow Bays},
  author  = {Quill, Ada},
  journal = {Journal of Coastal Examples},
  year    = 2021,
  doi     = {10.5555/jce.2021.040},
  eprint  = {2102.04444},
  archivePrefix = {arXiv},
}
"""

# A Zotero CSL-JSON export of other copies of the same works, titled and identified otherwise.
IDENTITY_CSL = [
    {  # the DOI of quill2024tides (as a doi.org address, in capitals), another title, another arXiv id
        "id": "http://zotero.org/users/1/items/AAAA1111",
        "type": "article-journal",
        "title": "Forecasting Tides from a Handful of Sensors",
        "author": [{"family": "Quill", "given": "Ada"}, {"family": "Rowe", "given": "Bo"}],
        "container-title": "Journal of Coastal Examples",
        "DOI": "https://doi.org/10.5555/JCE.2024.001",
        "URL": "https://arxiv.org/abs/2403.09999",
        "issued": {"date-parts": [[2024, 3, 14]]},
    },
    {  # no DOI; the arXiv id of quill2023waves, another title
        "id": "http://zotero.org/users/1/items/BBBB2222",
        "type": "article",
        "title": "Revisiting <i>Wave</i> Models",
        "author": [{"family": "Quill", "given": "Ada"}],
        "number": "arXiv:2305.02222",
        "issued": {"date-parts": [["2023"]]},
    },
    {  # the title of quill2022shared, another DOI
        "id": "http://zotero.org/users/1/items/CCCC3333",
        "type": "paper-conference",
        "title": "A title two papers share.",
        "author": [{"family": "Quill", "given": "Ada"}],
        "container-title": "Proceedings of the Example Workshop",
        "DOI": "10.5555/ew.2022.8",
        "issued": {"date-parts": [[2022]]},
    },
    {  # the title and arXiv id of quill2021drift, another DOI: the DOIs decide
        "id": "http://zotero.org/users/1/items/DDDD4444",
        "type": "article-journal",
        "title": "Sediment drift in shallow bays",
        "author": [{"family": "Quill", "given": "Ada"}],
        "container-title": "Bulletin of Invented Bays",
        "DOI": "10.5555/bib.2021.9",
        "URL": "https://arxiv.org/abs/2102.04444v3",
        "issued": {"date-parts": [[2021, 11]]},
    },
]


@pytest.fixture(scope="module")
def identity(tmp_path_factory):
    folder = tmp_path_factory.mktemp("identity")
    (folder / "a-quill.bib").write_text(IDENTITY_BIB, "utf-8")
    (folder / "b-zotero.json").write_text(json.dumps(IDENTITY_CSL, indent=2), "utf-8")
    portfolio = load_portfolio([folder], AS_OF)
    return folder, portfolio


def papers_titled(portfolio, *titles: str) -> list:
    return [paper for paper in portfolio.papers.values() if paper.title in titles]


def test_a_shared_doi_makes_one_paper_whatever_the_titles_and_arxiv_ids(identity):
    folder, portfolio = identity
    found = [p for p in portfolio.papers.values() if p.doi == "10.5555/jce.2024.001"]
    assert len(found) == 1
    [paper] = found
    assert paper.sources == ["a-quill.bib", "b-zotero.json"]
    assert not papers_titled(portfolio, "Forecasting Tides from a Handful of Sensors")  # no second paper
    # Both files' values are kept; the site shows the first bibliography's (by file name) where they differ.
    assert paper.source_values["b-zotero.json"]["arxiv_id"] == "2403.09999"
    assert paper.source_values["b-zotero.json"]["title"] == "Forecasting Tides from a Handful of Sensors"
    assert paper.arxiv_id == "2403.01111" and paper.title == "Tidal Forecasting with Sparse Sensors"
    # Within one year, the most precise date: the CSL's day before the .bib's month.
    assert paper.date.isoformat() == "2024-03-14" and paper.date_precision == "day"
    [arxiv] = [d for d in portfolio.diagnostics if "disagree on the arXiv id" in d.message]
    assert "'2403.09999'" in arxiv.message and "'2403.01111'" in arxiv.message
    assert str(folder / "a-quill.bib") in arxiv.message and str(folder / "b-zotero.json") in arxiv.message


def test_the_same_arxiv_id_without_a_doi_makes_one_paper_whatever_the_titles(identity):
    _, portfolio = identity
    found = [p for p in portfolio.papers.values() if p.arxiv_id == "2305.02222"]
    assert len(found) == 1
    [paper] = found
    assert paper.sources == ["a-quill.bib", "b-zotero.json"] and paper.doi is None
    assert paper.title == "Wave Models, Revisited"  # the first bibliography read, by file name
    assert paper.source_values["b-zotero.json"]["title"] == "Revisiting Wave Models"  # CSL markup taken off


def test_the_same_title_with_different_dois_makes_two_papers(identity):
    _, portfolio = identity
    shared = papers_titled(portfolio, "A Title Two Papers Share", "A title two papers share.")
    assert sorted(p.doi for p in shared) == ["10.5555/ew.2022.7", "10.5555/ew.2022.8"]
    assert len({p.id for p in shared}) == 2
    assert [p.sources for p in sorted(shared, key=lambda p: p.doi)] == [["a-quill.bib"], ["b-zotero.json"]]


def test_different_dois_win_over_a_shared_arxiv_id_and_title(identity):
    _, portfolio = identity
    drift = [p for p in portfolio.papers.values() if p.arxiv_id == "2102.04444"]
    assert sorted(p.doi for p in drift) == ["10.5555/bib.2021.9", "10.5555/jce.2021.040"]
    assert {p.venue for p in drift} == {"Journal of Coastal Examples", "Bulletin of Invented Bays"}
    assert len(portfolio.papers) == 6  # 4 + 4 copies: the DOI pair and the arXiv pair merged, the rest not


# --- precedence: a settings file, then a bibliography, then a saved page ------------------------------------

PRECEDENCE_BIB = r"""@article{quill2024tides,
  title   = {Tidal Forecasting with Sparse Sensors},
  author  = {Quill, Ada and Rowe, Bo},
  journal = {Journal of Coastal Examples},
  year    = 2024,
  month   = mar,
  doi     = {10.5555/jce.2024.001},
}

@misc{quill2023waves,
  title  = {Wave Models, Revisited},
  author = {Quill, Ada},
  year   = 2023,
  eprint = {2305.02222},
  archivePrefix = {arXiv},
}
"""

PRECEDENCE_SETTINGS = """\
author: Ada Quill
papers:
  - paper: https://doi.org/10.5555/jce.2024.001
    venue: Coastal Examples Letters
    type: conference
"""


@pytest.fixture(scope="module")
def precedence(tmp_path_factory):
    """A saved page of Ada Quill dating one paper a year early and another a day inside the .bib's month, her
    .bib, and her settings file giving the journal paper another venue and type."""
    folder = tmp_path_factory.mktemp("precedence")
    page = MadeProfile(
        "Ada Quill",
        [
            MadePaper("Tidal Forecasting with Sparse Sensors", ["Ada Quill", "Bo Rowe"], date="Mar 9, 2024"),
            MadePaper("Wave Models, Revisited", ["Ada Quill"], date="Jun 2, 2022"),
        ],
    )
    (folder / "ada-quill.txt").write_text(page.text(), "utf-8")
    (folder / "ada-quill.bib").write_text(PRECEDENCE_BIB, "utf-8")
    (folder / "ada-quill.yml").write_text(PRECEDENCE_SETTINGS, "utf-8")
    return folder, load_portfolio([folder], AS_OF)


def one_paper(portfolio, title: str):
    [paper] = [p for p in portfolio.papers.values() if p.title == title]
    return paper


def test_across_years_the_bibliographys_date_wins_over_a_saved_pages_with_a_notice(precedence):
    folder, portfolio = precedence
    paper = one_paper(portfolio, "Wave Models, Revisited")
    assert paper.date.isoformat() == "2023-01-01" and paper.date_precision == "year"  # not the page's 2022-06-02
    assert paper.source_values["ada-quill.txt"]["date"].isoformat() == "2022-06-02"
    [notice] = [
        d for d in portfolio.diagnostics if d.message.startswith("'Wave Models, Revisited': the files disagree")
    ]
    assert notice.level is Level.INFO  # a bibliography and a saved page: a notice
    assert "disagree on the date" in notice.message
    assert "gives 2022-06-02" in notice.message and "gives 2023-01-01" in notice.message
    assert str(folder / "ada-quill.txt") in notice.message and str(folder / "ada-quill.bib") in notice.message
    assert "the site shows 2023-01-01" in notice.message


def test_within_a_year_the_saved_pages_day_wins_over_the_bibliographys_month(precedence):
    _, portfolio = precedence
    paper = one_paper(portfolio, "Tidal Forecasting with Sparse Sensors")
    assert paper.date.isoformat() == "2024-03-09" and paper.date_precision == "day"
    assert paper.source_values["ada-quill.bib"]["date_precision"] == "month"
    # The same month at the lesser precision: no disagreement to report.
    assert not [d for d in portfolio.diagnostics if "disagree on the date" in d.message and "Tidal" in d.message]


def test_the_settings_files_venue_and_type_win_over_the_bibliographys(precedence):
    _, portfolio = precedence
    paper = one_paper(portfolio, "Tidal Forecasting with Sparse Sensors")
    assert (paper.venue, paper.pub_type) == ("Coastal Examples Letters", "conference")
    assert paper.source_values["ada-quill.bib"]["venue"] == "Journal of Coastal Examples"
    assert paper.source_values["ada-quill.bib"]["pub_type"] == "article"
    settings = next(key for key in paper.source_values if key.endswith("ada-quill.yml"))
    assert paper.source_values[settings] == {"venue": "Coastal Examples Letters", "pub_type": "conference"}
    [author] = portfolio.authors
    assert paper.id in author.papers


def test_a_settings_files_venue_overriding_a_bibliographys_is_reported_with_both_values(precedence):
    folder, portfolio = precedence
    lines = [
        d.message
        for d in portfolio.diagnostics
        if "Journal of Coastal Examples" in d.message and "Coastal Examples Letters" in d.message
    ]
    assert lines and any(str(folder / "ada-quill.yml") in line and "ada-quill.bib" in line for line in lines)


def test_two_bibliographies_disagreeing_on_a_title_is_a_warning(identity):
    _, portfolio = identity
    [line] = [
        d
        for d in portfolio.diagnostics
        if d.message.startswith("'Tidal Forecasting with Sparse Sensors'") and "disagree on the title" in d.message
    ]
    assert line.level is Level.WARNING


# --- a researcher's own publication list on their page ------------------------------------------------------

OWN_BIB = r"""@string{jce = "Journal of Coastal Examples"}

@article{quill2024tides,
  title   = {Tidal Forecasting with Sparse Sensors},
  author  = {Quill, Ada and Rowe, Bo},
  journal = jce,
  year    = 2024,
}

@inproceedings{quill2023estuary,
  title     = {Estuary Mixing at Night},
  author    = {Q{\"u}ill, A. and Tran, Dev},
  booktitle = {Proceedings of the Example Workshop},
  year      = 2023,
}

@techreport{rowe2022report,
  title       = {A Field Report on Buoys},
  author      = {Rowe, Bo and others},
  institution = {Example Harbour Authority},
  year        = 2022,
}
"""

# Someone else's .bib, not in her `publications:`: only the paper naming her joins her page.
OTHER_BIB = r"""@article{tran2024other,
  title   = {Kelp Forests Seen from Orbit},
  author  = {Tran, Dev},
  journal = {Remote Examples},
  year    = 2024,
}

@article{tran2023withada,
  title   = {Harbour Seiches Measured Twice},
  author  = {Tran, Dev and Quill, Ada},
  journal = {Remote Examples},
  year    = 2023,
}
"""


def orcid_works(orcid: str, works: list[tuple[str, str, str, str]]) -> dict:
    """An ORCID v3.0 `/works` answer: one group per (title, type, year, DOI), as ORCID's public API nests them."""
    groups = []
    for number, (title, kind, year, doi) in enumerate(works, start=1):
        ids = {
            "external-id": [
                {
                    "external-id-type": "doi",
                    "external-id-value": doi.upper(),
                    "external-id-normalized": {"value": doi, "transient": True},
                    "external-id-normalized-error": None,
                    "external-id-url": {"value": f"https://doi.org/{doi}"},
                    "external-id-relationship": "self",
                }
            ]
        }
        groups.append(
            {
                "last-modified-date": {"value": 1735689600000},
                "external-ids": ids,
                "work-summary": [
                    {
                        "put-code": 81000000 + number,
                        "created-date": {"value": 1700000000000},
                        "last-modified-date": {"value": 1735689600000},
                        "source": {"source-name": {"value": "Crossref"}},
                        "title": {"title": {"value": title}, "subtitle": None, "translated-title": None},
                        "external-ids": ids,
                        "url": {"value": f"https://doi.org/{doi}"},
                        "type": kind,
                        "publication-date": {"year": {"value": year}, "month": None, "day": None},
                        "journal-title": None,
                        "visibility": "public",
                        "path": f"/{orcid}/work/{81000000 + number}",
                        "display-index": "0",
                    }
                ],
            }
        )
    return {"last-modified-date": {"value": 1735689600000}, "group": groups, "path": f"/{orcid}/works"}


OWN_SETTINGS = f"""\
author: Ada Quill
orcid: {ORCID}
publications:
  - own/quill.bib
"""


def author_page_titles(site: Path, slug: str) -> list[str]:
    page = BeautifulSoup((site / "authors" / slug / "index.html").read_text("utf-8"), "html.parser")
    return [a.get_text() for a in page.select("article .pf-paper__title")]


def test_a_researchers_own_lists_put_every_paper_on_their_page(tmp_path):
    project = make_project(tmp_path / "project")
    profiles = project / "profiles"
    (profiles / "own").mkdir()
    (profiles / "own" / "quill.bib").write_text(OWN_BIB, "utf-8")
    (profiles / "tran.bib").write_text(OTHER_BIB, "utf-8")
    works = [
        ("Currents Under Ice", "journal-article", "2021", "10.5555/ice.2021.3"),
        ("A Poster on Tides", "conference-poster", "2020", "10.5555/poster.2020.1"),
    ]
    (profiles / "orcid-works.json").write_text(json.dumps(orcid_works(ORCID, works), indent=1), "utf-8")
    (profiles / "ada.yml").write_text(OWN_SETTINGS, "utf-8")
    code, stderr, _ = build(project)
    assert code == 0, stderr
    titles = author_page_titles(project / "site", "ada-quill")
    assert sorted(titles) == sorted(
        [
            "Tidal Forecasting with Sparse Sensors",
            "Estuary Mixing at Night",  # spelled "Qüill, A." there: hers because the file is her list
            "A Field Report on Buoys",  # does not name her at all, and is in her list
            "Currents Under Ice",  # her ORCID works list: ORCID names no authors
            "A Poster on Tides",
            "Harbour Seiches Measured Twice",  # another file, naming her as "Quill, Ada"
        ]
    )
    assert "Kelp Forests Seen from Orbit" not in titles  # another file's paper without her
    data = json.loads((project / "site/api/authors/ada-quill.json").read_text("utf-8"))
    assert data["author"]["orcid"] == ORCID and len(data["papers"]) == 6


# --- byte-identical builds from every format ----------------------------------------------------------------

MESSY_BIB = r"""This file was created with JabRef 5.11.
Encoding: UTF-8

@String{neurex = {Proceedings of the Example Conference on Learning}}

@InProceedings{Quill2024,
  author    = {Quill, Ada and M{\"u}ller, J{\"o}rg and {The Example Consortium}},
  title     = {{Sparse} Sensors -- Dense Forecasts: {$k$}-Nearest Tides},
  booktitle = neurex,
  year      = {2024},
  month     = jun,
  doi       = {https://doi.org/10.5555/ecl.2024.77},
  url       = {https://example.org/papers/sparse-sensors},
  keywords  = {tides; sensors, forecasting},
  abstract  = {We forecast tides from $k \ll n$ sensors.},
}

@Article{Quill2022,
  author  = {Ada Quill and Bo Rowe and others},
  title   = {Wave Heights in {CO$_2$}-Rich Water},
  journal = {arXiv:2207.05555},
  date    = {2022-07-11},
}

@Comment{jabref-meta: databaseType:bibtex;}
"""

MESSY_CSL = [
    {
        "id": "quill2021",
        "citation-key": "quill2021",
        "type": "article-journal",
        "title": "Currents Under <i>Sea</i> Ice",
        "container-title": "Journal of Coastal Examples",
        "volume": "9",
        "page": "1-20",
        "DOI": "10.5555/ICE.2021.3",
        "author": [
            {"family": "Quill", "given": "Ada"},
            {"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"},
        ],
        "issued": {"date-parts": [["2021", "4"]]},
        "abstract": "Under ice, currents  slow.\n",
    },
    {
        "id": "rowe2020",
        "type": "report",
        "title": "A Field Report on Buoys",
        "publisher": "Example Harbour Authority",
        "author": [{"family": "Rowe", "given": "Bo"}, {"literal": "Example Harbour Authority"}],
        "issued": {"date-parts": [[2020]]},
        "URL": "https://example.org/reports/buoys",
    },
]

MESSY_ARXIV = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3Dau%3AQuill_A%26start%3D0%26max_results%3D2" rel="self"
        type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=au:Quill_A&amp;id_list=&amp;start=0&amp;max_results=2</title>
  <id>http://arxiv.org/api/exampleQueryId0000000000</id>
  <updated>2026-11-20T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">2</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2207.05555v2</id>
    <updated>2022-09-01T10:00:00Z</updated>
    <published>2022-07-11T17:59:59Z</published>
    <title>Wave Heights in CO$_2$-Rich
  Water</title>
    <summary>  We measure waves in water rich in CO$_2$ &amp; find
 they are taller.
</summary>
    <author><name>Ada Quill</name></author>
    <author><name>Bo Rowe</name></author>
    <author><name>Chidi Okafor</name></author>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages, 3 figures</arxiv:comment>
    <link href="http://arxiv.org/abs/2207.05555v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2207.05555v2" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="physics.ao-ph"
        scheme="http://arxiv.org/schemas/atom"/>
    <category term="physics.ao-ph" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2311.06666v1</id>
    <updated>2023-11-10T09:00:00Z</updated>
    <published>2023-11-10T09:00:00Z</published>
    <title>Estuary Mixing at Night</title>
    <summary>Mixing is stronger at night, in $3$ estuaries.</summary>
    <author><name>A. Quill</name></author>
    <author><name>Dev Tran</name></author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.5555/ew.2023.12</arxiv:doi>
    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">Proc. Example Workshop (2023) 12-19</arxiv:journal_ref>
    <link href="http://arxiv.org/abs/2311.06666v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2311.06666v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="physics.flu-dyn"
        scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


def every_format(folder: Path) -> list[Path]:
    """The four bibliography formats and a saved page of their author, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    works = [
        ("Currents under sea ice", "journal-article", "2021", "10.5555/ice.2021.3"),  # the CSL's, by its DOI
        ("Estuary Mixing at Night", "conference-paper", "2023", "10.5555/ew.2023.12"),  # the arXiv entry's DOI
        ("A Poster on Tides", "conference-poster", "2020", "10.5555/poster.2020.1"),
    ]
    page = MadeProfile(
        "Ada Quill",
        [
            # No year on the page: inferred as of the build day (2026), so the .bib's 2022 wins.
            MadePaper("Wave Heights in CO$_2$-Rich Water", ["Ada Quill", "Bo Rowe", "Chidi Okafor"], date="Jul 11"),
            MadePaper("Estuary Mixing at Night", ["Ada Quill", "Dev Tran"], date="Nov 10, 2023", category="flu-dyn"),
        ],
    )
    files = {
        "jabref.bib": MESSY_BIB,
        "zotero.json": json.dumps(MESSY_CSL, indent=2, ensure_ascii=False),
        "arxiv-query.xml": MESSY_ARXIV,
        "orcid-works.json": json.dumps(orcid_works(ORCID, works), indent=2),
        "ada-quill.txt": page.text(),
    }
    paths = []
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
        paths.append(folder / name)
    return paths


def test_a_site_from_every_format_is_byte_identical_when_rebuilt_and_reordered(tmp_path):
    project = make_project(tmp_path / "project")
    paths = every_format(project / "profiles")
    merged = load_portfolio(paths, AS_OF)
    by_doi = {p.doi: p for p in merged.papers.values() if p.doi}
    assert by_doi["10.5555/ice.2021.3"].sources == ["orcid-works.json", "zotero.json"]
    assert by_doi["10.5555/ew.2023.12"].sources == ["arxiv-query.xml", "orcid-works.json", "ada-quill.txt"]
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    first = run_portfolio("build", "--as-of", AS_OF.isoformat(), cwd=project, env={**env, "PYTHONHASHSEED": "1"})
    again = run_portfolio(
        "build",
        "--as-of",
        AS_OF.isoformat(),
        "-d",
        tmp_path / "again",
        *paths,
        cwd=project,
        env={**env, "PYTHONHASHSEED": "2"},
    )
    reversed_order = run_portfolio(
        "build",
        "--as-of",
        AS_OF.isoformat(),
        "-d",
        tmp_path / "reversed",
        *reversed(paths),
        cwd=project,
        env={**env, "PYTHONHASHSEED": "3"},
    )
    assert "Traceback" not in first.stderr + again.stderr + reversed_order.stderr
    site = tree_hashes(project / "site")
    assert "api/portfolio.json" in site and "feeds/ada-quill.xml" in site and "authors/ada-quill.ris" in site
    pages = {name.split("/")[1] for name in site if name.startswith("papers/") and name.count("/") == 2}
    assert pages >= set(merged.papers) and len(merged.papers) == 6
    assert tree_hashes(tmp_path / "again") == site
    assert tree_hashes(tmp_path / "reversed") == site
