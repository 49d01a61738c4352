"""Researchers' settings files and the site's tables (generator/settings): every key read, every mistake one line
naming file, line and key, hostile input refused or shown as text, photos re-encoded, bios rendered to a tiny safe
subset of HTML, references matched to papers."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import zlib
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import ExifTags, Image

from generator import starter
from generator.diagnostics import Level
from generator.model import Author, Paper
from generator.model.identifiers import orcid_checksum as orcid_check_digit
from generator.pipeline import EXAMPLES, load_portfolio
from generator.readers import find_sources
from generator.settings import (
    LINK_KINDS,
    MAX_PHOTO_BYTES,
    PAPER_LINKS,
    PUBLICATION_TYPES,
    PaperMatcher,
    PhotoError,
    SiteSettingsError,
    attach_settings,
    find_settings,
    load_all_settings,
    load_author_settings,
    load_site_settings,
    match_paper,
    normalise_orcid,
    orcid_is_valid,
    parse_reference,
    prepare_photo,
    render_bio,
    resolve_papers,
    safe_url,
)
from generator.settings.photo import prepare_photo_bytes
from generator.settings.validation import SCHEMAS
from generator.settings.yaml_lines import YamlError, load_with_lines
from tests.conftest import AS_OF, ROOT
from tests.example_photo import EXAMPLE_PHOTO, draw
from tests.hostile_corpus import MARKER

EXAMPLE_SETTINGS = EXAMPLES / "ada-marlowe.yml"
ONE_LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+): (?P<level>error|warning|info): (?P<message>[^\n]+)$")


def write(folder: Path, text: str, name: str = "ada.yml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def load(folder: Path, text: str, name: str = "ada.yml"):
    """Settings and their diagnostics as lines, for a file holding `text`."""
    path = write(folder, text, name)
    settings, diagnostics = load_author_settings(path, folder)
    return settings, [str(d) for d in diagnostics]


def messages(lines: list[str], path: Path) -> list[str]:
    """`file:line: level: message` lines with the file name cut off: `3: error: orcid: ...`."""
    prefix = f"{path}:"
    assert all(line.startswith(prefix) for line in lines), lines
    return [line[len(prefix) :] for line in lines]


def image_bytes(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def portrait(width: int = 1200, height: int = 800) -> Image.Image:
    """A photo-like test image: a gradient, so resizing and encoding have something to do."""
    image = Image.new("RGB", (width, height))
    image.putdata([((x * 255) // width, (y * 255) // height, 128) for y in range(height) for x in range(width)])
    return image


# --- the example and every key ------------------------------------------------------------------------------


def test_the_example_settings_read_cleanly_with_every_key():
    settings, diagnostics = load_author_settings(EXAMPLE_SETTINGS, EXAMPLES)
    assert diagnostics == []
    assert settings.author == "Ada Marlowe" and settings.display_name == "Ada Marlowe"
    assert settings.line == 6
    assert settings.variants == ("A. Marlowe", "Marlowe, A.", "Marlowe, Ada")
    assert settings.orcid == "0000-0002-1825-0097" and settings.orcid_url == "https://orcid.org/0000-0002-1825-0097"
    assert settings.homepage == "https://example.org/ada-marlowe/"
    assert settings.affiliation == "Tessera Lab"
    assert [link.kind for link in settings.links] == [
        "google_scholar",
        "semantic_scholar",
        "dblp",
        "openreview",
        "github",
        "mastodon",
    ]
    assert settings.links[-1].url == "https://mastodon.example/@ada" and settings.links[-1].label == "Mastodon"
    assert (settings.photo.extension, settings.photo.width, settings.photo.height) == ("jpg", 256, 256)
    assert settings.bio.startswith("Ada Marlowe leads **Tessera Lab**")
    assert [r.kind for r in settings.selected] == ["title", "title"]
    assert settings.hidden[0].text == "Gradient Noise Scales in Tiny Networks"
    spectral = settings.papers[0]
    assert (spectral.pdf, spectral.code, spectral.venue, spectral.pub_type, spectral.award) == (
        "https://example.org/papers/spectral-dropout.pdf",
        "https://example.org/code/spectral-dropout",
        "Example Conference on Learning",
        "conference",
        "Best paper award",
    )
    assert settings.papers[2].note == "Joint work with Tomás Ibarra."
    assert settings.same_as[:2] == ["https://orcid.org/0000-0002-1825-0097", "https://example.org/ada-marlowe/"]


def test_the_example_matches_the_example_portfolio():
    portfolio = load_portfolio([EXAMPLES], AS_OF)
    settings, _ = load_all_settings(EXAMPLES)
    attached, notes = attach_settings(settings, portfolio.authors)
    assert notes == [] and list(attached) == ["ada-marlowe"]
    ada = portfolio.author_by_slug("ada-marlowe")
    resolved, notes = resolve_papers(attached["ada-marlowe"], {pid: portfolio.papers[pid] for pid in ada.papers})
    assert notes == []
    assert resolved.selected == (
        "spectral-dropout-regularising-transformers-in-the-fourier-domain",
        "tessellated-attention-for-long-scientific-documents",
    )
    assert resolved.hidden == ("gradient-noise-scales-in-tiny-networks",)
    assert sorted(resolved.additions) == [
        "planning-with-noisy-maps-robust-search-for-household-robots",
        "spectral-dropout-regularising-transformers-in-the-fourier-domain",
        "tessellated-attention-for-long-scientific-documents",
    ]


def test_another_tool_reads_the_example_as_the_schema_says():
    """An editor's YAML plugin or CI check reads the file with a plain safe loader and our published schema."""
    schema = json.loads((ROOT / "schemas" / "author-settings.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(EXAMPLE_SETTINGS.read_text("utf-8")), schema)


@pytest.mark.parametrize("name", ["author-settings.schema.json", "site-settings.schema.json"])
def test_the_published_schemas_are_the_ones_the_package_checks_with(name):
    assert (ROOT / "schemas" / name).read_bytes() == (SCHEMAS / name).read_bytes(), (
        f"cp generator/settings/schemas/{name} schemas/"
    )
    jsonschema.Draft202012Validator.check_schema(json.loads((SCHEMAS / name).read_text("utf-8")))


def test_every_value_is_text_as_written(tmp_path):
    settings, lines = load(
        tmp_path,
        "author: Ada Marlowe\nname: no\nvariants: [1984, true, 1e3]\n"
        "selected: [2301.10000, 0704.0001v2]\nhidden: [null text]\n",
    )
    assert lines == []
    assert settings.name == "no" and settings.variants == ("1984", "true", "1e3")
    assert [(r.kind, r.key) for r in settings.selected] == [("arxiv", "2301.10000"), ("arxiv", "0704.0001")]


def test_a_key_with_nothing_after_it_is_not_set(tmp_path):
    settings, lines = load(tmp_path, "author: Ada Marlowe\norcid:\nhomepage: ~\nlinks:\n  github:\nbio:\n")
    assert lines == []
    assert (settings.orcid, settings.homepage, settings.links, settings.bio) == (None, None, (), None)


def test_name_variants_are_matched_in_either_order(tmp_path):
    settings, _ = load(tmp_path, "author: Deqing Fu\nvariants: [D. Fu, 'Fu, D.', 'Fú,  Déqing']\n")
    assert settings.is_own_name("Deqing Fu") and settings.is_own_name("D. Fu") and settings.is_own_name("Fu, D.")
    assert settings.is_own_name("D Fu") and settings.is_own_name("Deqing Fu") and settings.is_own_name("deqing fu")
    assert not settings.is_own_name("D. Fox") and not settings.is_own_name("Fu")


def test_handles_become_profile_addresses(tmp_path):
    settings, lines = load(
        tmp_path, "author: A\nlinks:\n  mastodon: '@ada@sigmoid.social'\n  bluesky: '@ada.bsky.social'\n"
    )
    assert lines == []
    assert [link.url for link in settings.links] == [
        "https://sigmoid.social/@ada",
        "https://bsky.app/profile/ada.bsky.social",
    ]


# --- every mistake: one line naming file, line and key ------------------------------------------------------

MISTAKES = [
    ("author: A\norcd: 0000-0002-1825-0097\n", ["2: error: orcd: unknown key 'orcd' (did you mean 'orcid'?)"]),
    (
        "author: A\nfavourite_colour: blue\n",
        [
            "2: error: favourite_colour: unknown key 'favourite_colour'; the keys here are author, name, variants, orcid, "
            "homepage, affiliation, photo, bio, links, selected, hidden, papers, publications"
        ],
    ),
    (
        "author: A\nlinks:\n  gitlab: https://gitlab.com/a\n",
        ["3: error: links.gitlab: unknown key 'gitlab' (did you mean 'github'?)"],
    ),
    (
        "author: A\npapers:\n  - paper: X\n    slide: https://example.org/s\n",
        ["4: error: papers[0].slide: unknown key 'slide' (did you mean 'slides'?)"],
    ),
    ("author: A\nvariants: D. Fu\n", ["2: error: variants: expected a list, got text"]),
    ("author: A\nlinks: https://github.com/a\n", ["2: error: links: expected keys and values (key: value), got text"]),
    ("author: A\nname: [A, B]\n", ["2: error: name: expected text, got a list"]),
    ("author: A\nvariants:\n  - D. Fu\n  -\n", ["4: error: variants[1]: expected text, got nothing"]),
    ("author: A\nname: '   '\n", ["2: error: name: is empty"]),
    ("author: A\nname: " + "x" * 201 + "\n", ["2: error: name: is 201 characters long: at most 200"]),
    (
        "author: A\norcid: 0000-0002-1825-0098\n",
        [
            "2: error: orcid: '0000-0002-1825-0098' is not a valid ORCID iD: its check digit does not match "
            "(is a digit mistyped?)"
        ],
    ),
    (
        "author: A\norcid: 1825-0097\n",
        [
            "2: error: orcid: '1825-0097' is not an ORCID iD: write it as 0000-0002-1825-0097 or "
            "https://orcid.org/0000-0002-1825-0097"
        ],
    ),
    (
        "author: A\nhomepage: ftp://example.org/\n",
        ["2: error: homepage: 'ftp://example.org/' is not a web address: only http:// and https:// links are allowed"],
    ),
    (
        "author: A\nhomepage: https://me@example.org/\n",
        [
            "2: error: homepage: 'https://me@example.org/' is not a safe web address: only http:// and https:// addresses "
            "with a host, without spaces, quotes or a user name, are allowed"
        ],
    ),
    (
        "author: A\nlinks:\n  mastodon: ada at home\n",
        [
            "3: error: links.mastodon: 'ada at home' is neither a safe web address nor a Mastodon handle "
            "(@name@server.social)"
        ],
    ),
    (
        "author: A\npapers:\n  - paper: X\n    type: Conference\n",
        [
            "4: error: papers[0].type: 'Conference' is not a publication type: use article, conference, book, chapter, "
            "thesis, report, preprint or misc (did you mean 'conference'?)"
        ],
    ),
    (
        "author: A\npapers:\n  - pdf: https://example.org/x.pdf\n",
        ["3: error: papers[0]: missing 'paper': name the paper these additions are for: its DOI, arXiv id or title"],
    ),
    (
        "author: A\nselected:\n  - '***'\n",
        ["3: error: selected[0]: '***' is not a DOI, an arXiv id or a title: it has no words to match by"],
    ),
    (
        "author: A\norcid: 0000-0002-1825-0097\norcid: 0000-0001-5109-3700\n",
        ["3: error: orcid: given twice (first on line 2): this one is ignored"],
    ),
    ("author: A\n[a, b]: c\n", ["2: error: a key must be plain text"]),
    ("author: A\nbio: !!binary aGVsbG8=\n", ["2: error: bio: YAML tag '!!binary' is not allowed: write plain text"]),
    (
        "author: A\nhomepage: !custom https://example.org/\n",
        ["2: error: homepage: YAML tag '!custom' is not allowed: write plain text"],
    ),
    ("author: A\nphoto: me.png\n", ["2: error: photo: 'me.png': no such file next to this settings file"]),
    (
        "author: A\nphoto: https://example.org/me.png\n",
        [
            "2: error: photo: 'https://example.org/me.png': files are never fetched: put the image beside this settings "
            "file and give its name"
        ],
    ),
    (
        "author: A\nphoto: /etc/passwd\n",
        ["2: error: photo: '/etc/passwd' is an absolute path: give its path relative to this settings file"],
    ),
    (
        "author: A\nphoto: ../../etc/passwd\n",
        ["2: error: photo: '../../etc/passwd' leads outside the profiles folder: the image must be inside it"],
    ),
    (
        'author: A\nname: "Ada\\u202e Marlowe\\x00"\n',
        ["2: warning: name: removed control, bidi-override or invisible characters"],
    ),
    (
        'author: A\nname: "Ada\\ud800"\n"\\udfff": x\n',
        [
            "2: warning: name: removed control, bidi-override or invisible characters",
            "3: error: [\"\ufffd\"]: unknown key '\ufffd'; the keys here are author, name, variants, orcid, homepage, "
            "affiliation, photo, bio, links, selected, hidden, papers, publications",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), MISTAKES, ids=[m[1][0].split(": ")[2] for m in MISTAKES])
def test_each_mistake_is_one_line_naming_file_line_and_key(tmp_path, text, expected):
    settings, lines = load(tmp_path, text)
    assert messages(lines, tmp_path / "ada.yml") == expected
    assert settings is not None and settings.author == "A"  # the rest of the file still applies
    for line in lines:
        assert ONE_LINE.match(line), line


def test_an_unknown_key_lists_the_keys_in_schema_order():
    """The list in the message is the schema's, in its order (the README's)."""
    properties = json.loads((SCHEMAS / "author-settings.schema.json").read_text("utf-8"))["properties"]
    listed = MISTAKES[1][1][0].split("the keys here are ")[1].split(", ")
    assert listed == list(properties)


FATAL = [
    ("", "1: error: file is empty: skipped"),
    (
        "# only a comment\n",
        "1: error: expected keys and values (author: Ada Marlowe, ...), got nothing: nothing of this file is used",
    ),
    (
        "- author: A\n",
        "1: error: expected keys and values (author: Ada Marlowe, ...), got a list: nothing of this file is used",
    ),
    (
        "name: Ada\n",
        "1: error: missing 'author': name the profiled author this file is about (author: Ada Marlowe): "
        "nothing of this file is used",
    ),
    ("author: [A, B]\n", "1: error: author: expected text, got a list: nothing of this file is used"),
    (
        "author: A\nname: 'unterminated\n",
        "3: error: not valid YAML: while scanning a quoted scalar found unexpected end of stream",
    ),
    ("author: A\n  name: B\n", "2: error: not valid YAML: mapping values are not allowed here"),
    (
        "author: A\n---\nauthor: B\n",
        "2: error: not valid YAML: expected a single document in the stream but found another document",
    ),
    ("a: &x [1]\nb: *x\n", "2: error: YAML aliases (*x) are not allowed here: write the value out"),
]


@pytest.mark.parametrize(("text", "expected"), FATAL)
def test_a_file_that_cannot_be_used_says_so_in_one_line(tmp_path, text, expected):
    settings, lines = load(tmp_path, text)
    assert settings is None
    assert messages(lines, tmp_path / "ada.yml")[-1] == expected
    assert sum(line.count("\n") for line in lines) == 0


def test_one_bad_key_leaves_every_good_one_in_place(tmp_path):
    good = EXAMPLE_SETTINGS.read_text("utf-8")
    (tmp_path / "ada-marlowe.png").write_bytes(EXAMPLE_PHOTO.read_bytes())
    whole, _ = load(tmp_path, good)
    broken, lines = load(
        tmp_path,
        good.replace("orcid: 0000-0002-1825-0097", "orcid: 0000-0002-1825-0096").replace(
            "type: preprint", "type: blog post"
        ),
    )
    assert len(lines) == 2 and "orcid" in lines[0] and "papers[1].type" in lines[1]
    assert broken.orcid is None and broken.papers[1].pub_type is None
    kept = ("author", "name", "variants", "homepage", "affiliation", "photo", "bio", "links", "selected", "hidden")
    for name in kept:
        assert getattr(broken, name) == getattr(whole, name), name
    assert broken.papers[1].code == whole.papers[1].code and broken.papers[0] == whole.papers[0]


def test_a_settings_file_over_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "big.yml"
    with path.open("wb") as handle:
        handle.truncate(2_000_000)
    settings, diagnostics = load_author_settings(path)
    assert settings is None
    assert [str(d) for d in diagnostics] == [
        f"{path}:1: error: the file is 2.0 MB: a settings file may be at most 1 MB"
    ]


def test_a_binary_file_named_yml_is_reported_not_read(tmp_path):
    path = tmp_path / "photo.yml"
    path.write_bytes(image_bytes(portrait(20, 20), "PNG"))
    settings, diagnostics = load_author_settings(path)
    assert settings is None and [d.level for d in diagnostics] == [Level.ERROR]
    assert "binary file" in diagnostics[0].message


# --- hostile input -------------------------------------------------------------------------------------------

URL_KEYS = ["homepage", *(f"links.{kind}" for kind in LINK_KINDS), *(f"papers[0].{kind}" for kind in PAPER_LINKS)]
HOSTILE_URLS = [
    f"javascript:alert('{MARKER}')",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5wd25lZDwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    f"//evil.example/{MARKER}",
    "ftp://example.org/x",
    f'https://ok.example/" onmouseover="{MARKER}',
    f"https://ok.example@evil.example/{MARKER}",
    "http://",
    "https:// evil.example",
    f"https://evil.example/\u202e{MARKER}",
    "https://evil.example:99999/",
    "https://exa<mple>.org/",
    "mailto:ada@example.org",
    "https://[::1/",
]


def _settings_with_urls(url: str) -> str:
    value = json.dumps(url)
    links = "\n".join(f"  {kind}: {value}" for kind in LINK_KINDS)
    paper_links = "\n".join(f"    {kind}: {value}" for kind in ("pdf", "code", "project", "slides", "video"))
    return (
        f"author: Ada Marlowe\nhomepage: {value}\nlinks:\n{links}\npapers:\n  - paper: Spectral Dropout\n"
        f"{paper_links}\n    venue: Kept\n"
    )


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_every_url_field_refuses_what_is_not_an_http_address(tmp_path, url):
    settings, lines = load(tmp_path, _settings_with_urls(url))
    found = messages(lines, tmp_path / "ada.yml")
    text = (tmp_path / "ada.yml").read_text("utf-8").splitlines()
    keys = []
    for message in found:
        line, level, key, _ = message.split(": ", 3)
        assert level == "error"
        keys.append(key)
        assert text[int(line) - 1].strip().startswith(key.rsplit(".", 1)[-1] + ":")  # the line of that very key
    assert keys == URL_KEYS
    assert settings.homepage is None and settings.links == ()
    assert settings.papers[0].venue == "Kept" and all(
        getattr(settings.papers[0], kind) is None for kind in ("pdf", "code", "project", "slides", "video")
    )


TEXT_PAYLOADS = [
    f"<script>alert('{MARKER}')</script>",
    f"<img src=x onerror={MARKER}>",
    "{{ config }}",
    "{% include 'x.html' %}",
    f"**bold** [click](javascript:{MARKER}) ![img](https://evil.example/{MARKER}.png)",
    "# Heading",
    "$\\input{/etc/passwd}$ \\write18{rm -rf ~}",
    '--8<-- ".env"',
    '{: onclick="alert(1)" }',
    "&lt;script&gt; &amp; &#x3C;",
    "<!-- comment --> <![CDATA[x]]>",
]


@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_text_payloads_are_kept_as_text_in_every_text_key(tmp_path, payload):
    value = json.dumps(payload)
    settings, lines = load(
        tmp_path,
        f"author: Ada Marlowe\nname: {value}\nvariants: [{value}]\naffiliation: {value}\n"
        f"selected: [{value}]\nhidden: [{value}]\n"
        f"papers:\n  - paper: {value}\n    venue: {value}\n    award: {value}\n"
        f"    note: {value}\n",
    )
    assert lines == []
    assert settings.name == settings.affiliation == settings.variants[0] == payload
    assert settings.selected[0].text == settings.hidden[0].text == settings.papers[0].reference.text == payload
    assert settings.papers[0].venue == settings.papers[0].award == settings.papers[0].note == payload


@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_text_payloads_in_a_bio_stay_text(payload):
    soup = BeautifulSoup(render_bio(payload), "html.parser")
    assert {tag.name for tag in soup.find_all(True)} <= {"p", "strong"}
    assert MARKER not in "".join(str(value) for tag in soup.find_all(True) for value in tag.attrs.values())
    assert soup.get_text().replace("bold", "**bold**", 1 if "**bold**" in payload else 0) == payload


def test_a_billion_laughs_is_refused_at_its_first_alias(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    settings, found = load(tmp_path, "author: A\n" + "\n".join(lines) + "\n")
    assert settings is None
    assert messages(found, tmp_path / "ada.yml") == [
        "3: error: YAML aliases (*a) are not allowed here: write the value out"
    ]


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_python_tags_are_refused_and_never_run(tmp_path, tag):
    canary = tmp_path / "ran"
    settings, lines = load(tmp_path, f"author: A\nname: {tag} ['touch {canary}']\nbio: kept\n")
    assert not canary.exists()
    assert messages(lines, tmp_path / "ada.yml") == [
        f"2: error: name: YAML tag '{tag.split(' ')[0]}' is not allowed: write plain text"
    ]
    assert settings.name is None and settings.bio == "kept"


@pytest.mark.parametrize(
    "text",
    [
        "author: A\nname: " + "[" * 5000 + "]" * 5000 + "\n",
        "author: A\nname:\n" + "".join("  " * i + "- \n" for i in range(1, 200)),
    ],
)
def test_deep_nesting_is_refused_without_a_traceback(tmp_path, text):
    settings, lines = load(tmp_path, text)
    assert settings is None and len(lines) == 1 and "nested" in lines[0]


# --- photos ------------------------------------------------------------------------------------------------------


def _exif_portrait() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = f"{MARKER}-camera"
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: shown turned 90 degrees clockwise
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0)}
    )
    return image_bytes(
        portrait(1200, 800),
        "JPEG",
        exif=exif,
        comment=f"{MARKER}-comment".encode(),
        icc_profile=f"{MARKER}-profile".encode() * 10,
    )


def test_a_photo_is_turned_upright_shrunk_and_stripped_of_metadata():
    photo = prepare_photo_bytes(_exif_portrait())
    assert (photo.extension, photo.width, photo.height) == ("jpg", 341, 512)  # upright: taller than wide
    assert MARKER.encode() not in photo.data
    decoded = Image.open(io.BytesIO(photo.data))
    assert decoded.format == "JPEG" and (decoded.width, decoded.height) == (341, 512)
    assert not decoded.getexif() and "icc_profile" not in decoded.info and "comment" not in decoded.info


def test_the_same_photo_gives_the_same_bytes(tmp_path):
    path = tmp_path / "me.jpg"
    path.write_bytes(_exif_portrait())
    assert prepare_photo(path).data == prepare_photo(path).data


@pytest.mark.parametrize(("fmt", "options"), [("PNG", {}), ("JPEG", {}), ("WEBP", {}), ("GIF", {})])
def test_each_accepted_format_is_re_encoded(fmt, options):
    photo = prepare_photo_bytes(image_bytes(portrait(600, 300), fmt, **options))
    assert (photo.extension, photo.width, photo.height) == ("jpg", 512, 256)
    assert Image.open(io.BytesIO(photo.data)).format == "JPEG"


def test_transparency_is_kept_as_png():
    image = Image.new("RGBA", (100, 80), (10, 20, 30, 0))
    image.putpixel((5, 5), (200, 0, 0, 255))
    photo = prepare_photo_bytes(image_bytes(image, "PNG"))
    decoded = Image.open(io.BytesIO(photo.data))
    assert (photo.extension, decoded.format, decoded.mode, decoded.size) == ("png", "PNG", "RGBA", (100, 80))
    assert decoded.getpixel((0, 0))[3] == 0 and decoded.getpixel((5, 5)) == (200, 0, 0, 255)


def test_a_small_photo_is_not_enlarged_and_an_animation_keeps_its_first_frame():
    frames = [Image.new("RGB", (40, 30), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    animated = io.BytesIO()
    frames[0].save(animated, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    photo = prepare_photo_bytes(animated.getvalue())
    decoded = Image.open(io.BytesIO(photo.data)).convert("RGB")
    assert decoded.size == (40, 30)
    red, green, blue = decoded.getpixel((20, 15))
    assert red > 200 and blue < 60


def test_sixteen_bit_grey_keeps_its_shades():
    photo = prepare_photo_bytes(image_bytes(Image.new("I;16", (60, 30), 30000), "PNG"))
    assert abs(Image.open(io.BytesIO(photo.data)).convert("L").getpixel((0, 0)) - 30000 // 256) <= 2


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` pixels and holds almost nothing: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def _gif_declaring(width: int, height: int) -> bytes:
    data = bytearray(image_bytes(Image.new("P", (1, 1)), "GIF"))
    data[6:10] = struct.pack("<HH", width, height)  # the logical screen: what Pillow takes as the image's size
    return bytes(data)


PHOTO_REFUSALS = [
    (b"GIF89a but not really", "is not a PNG, JPEG, WebP or GIF image"),
    (f'<svg xmlns="http://www.w3.org/2000/svg" onload="{MARKER}"/>'.encode(), "is not a PNG, JPEG, WebP or GIF image"),
    (image_bytes(Image.new("RGB", (8, 8)), "TIFF"), "is not a PNG, JPEG, WebP or GIF image"),
    (image_bytes(Image.new("RGB", (8, 8)), "BMP"), "is not a PNG, JPEG, WebP or GIF image"),
    (image_bytes(portrait(300, 200), "PNG")[:200], "cannot be decoded as an image (image file is truncated)"),
    (_png_header(8000, 8000), "is 8000 x 8000 pixels (64 megapixels): a photo may have at most 40 megapixels"),
    (_png_header(100_000, 100_000), "has too many pixels: a photo may have at most 40 megapixels"),
    (_gif_declaring(65535, 65535), "has too many pixels: a photo may have at most 40 megapixels"),
]


@pytest.mark.parametrize(("data", "reason"), PHOTO_REFUSALS)
def test_what_is_not_a_usable_photo_is_refused_with_a_reason(data, reason):
    with pytest.raises(PhotoError) as refused:
        prepare_photo_bytes(data)
    assert str(refused.value) == reason


def test_a_refused_photo_is_one_line_naming_the_key(tmp_path):
    (tmp_path / "me.png").write_text("not an image", "utf-8")
    settings, lines = load(tmp_path, "author: A\nbio: Kept.\nphoto: me.png\n")
    assert messages(lines, tmp_path / "ada.yml") == ["3: error: photo: 'me.png' is not a PNG, JPEG, WebP or GIF image"]
    assert settings.photo is None and settings.bio == "Kept."


def test_a_photo_over_the_size_limit_is_not_even_read(tmp_path):
    path = tmp_path / "huge.jpg"
    with path.open("wb") as handle:
        handle.truncate(MAX_PHOTO_BYTES + 1)
    with pytest.raises(PhotoError, match=r"^is 10\.0 MB: a photo may be at most 10 MB$"):
        prepare_photo(path)


def test_a_photo_must_stay_inside_the_profiles_folder(tmp_path):
    profiles, outside = tmp_path / "profiles", tmp_path / "private"
    outside.mkdir()
    (outside / "secret.png").write_bytes(image_bytes(portrait(20, 20), "PNG"))
    (profiles / "people").mkdir(parents=True)
    (profiles / "people" / "link.png").symlink_to(outside / "secret.png")
    (profiles / "shared.png").write_bytes(image_bytes(portrait(20, 20), "PNG"))
    outside_message = "leads outside the profiles folder: the image must be inside it"
    for photo, expected in [
        ("link.png", outside_message),
        ("../../private/secret.png", outside_message),
        ("../shared.png", None),
        (".", "is not a file"),
    ]:
        settings, lines = load(profiles, f"author: A\nphoto: {photo}\n", "people/ada.yml")
        if expected is None:
            assert lines == [] and settings.photo.width == 20
        else:
            assert messages(lines, profiles / "people/ada.yml") == [f"2: error: photo: {photo!r} {expected}"]


def test_a_fifo_named_as_the_photo_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "me.png")
    settings, lines = load(tmp_path, "author: A\nphoto: me.png\n")
    assert messages(lines, tmp_path / "ada.yml") == ["2: error: photo: 'me.png' is not a file"]


def test_the_bundled_example_photo_is_the_drawing_and_small():
    committed = Image.open(EXAMPLE_PHOTO)
    assert committed.size == (256, 256) and EXAMPLE_PHOTO.stat().st_size < 10_000
    drawn = draw().quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    assert committed.convert("RGB").tobytes() == drawn.convert("RGB").tobytes(), "python -m tests.example_photo"


# --- the bio --------------------------------------------------------------------------------------------------

BIOS = [
    (
        "I study *sparse* models and **robust** planning.",
        "<p>I study <em>sparse</em> models and <strong>robust</strong> planning.</p>",
    ),
    (
        "_one_ and __two__, but snake_case_names stay.",
        "<p><em>one</em> and <strong>two</strong>, but snake_case_names stay.</p>",
    ),
    (
        "See [my lab](https://example.org/lab_(2024)).",
        '<p>See <a href="https://example.org/lab_(2024)" rel="nofollow noopener">my lab</a>.</p>',
    ),
    (
        "**[bold link](http://example.org)**",
        '<p><strong><a href="http://example.org" rel="nofollow noopener">bold link</a></strong></p>',
    ),
    ("[a *b*](https://example.org/)", '<p><a href="https://example.org/" rel="nofollow noopener">a <em>b</em></a></p>'),
    ("First paragraph\ncontinues.\n\n\n  Second.", "<p>First paragraph continues.</p>\n<p>Second.</p>"),
    (
        "\\*not emphasis\\* and \\[not a link](https://example.org)",
        "<p>*not emphasis* and [not a link](https://example.org)</p>",
    ),
    (
        "[x](javascript:alert(1)) [y](data:text/html,z) [z](//evil.example)",
        "<p>[x](javascript:alert(1)) [y](data:text/html,z) [z](//evil.example)</p>",
    ),
    ('[x](https://example.org/"onclick="alert(1))', "<p>[x](https://example.org/&#34;onclick=&#34;alert(1))</p>"),
    ("![photo](https://evil.example/track.png)", "<p>![photo](https://evil.example/track.png)</p>"),
    ("<https://example.org> https://example.org", "<p>&lt;https://example.org&gt; https://example.org</p>"),
    (
        "# Heading\n\n- item\n\n    code\n\n> quote\n\n`code`",
        "<p># Heading</p>\n<p>- item</p>\n<p>code</p>\n<p>&gt; quote</p>\n<p>`code`</p>",
    ),
    ("<b onmouseover=alert(1)>x</b> &amp;", "<p>&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt; &amp;amp;</p>"),
    ("***x*** * a * ** b **", "<p>*<strong>x</strong>* * a * ** b **</p>"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "html"), BIOS)
def test_a_bio_keeps_emphasis_and_web_links_only(text, html):
    assert str(render_bio(text)) == html


def test_bio_links_carry_rel_nofollow_noopener_and_a_safe_href():
    soup = BeautifulSoup(render_bio("[a](https://xn--bcher-kva.example/) [b](https://bücher.example/é)"), "html.parser")
    assert [(a["href"], a["rel"]) for a in soup.find_all("a")] == [
        ("https://xn--bcher-kva.example/", ["nofollow", "noopener"]),
        ("https://xn--bcher-kva.example/%C3%A9", ["nofollow", "noopener"]),
    ]


# --- identifiers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("http://orcid.org/0000-0001-5109-3700/", "0000-0001-5109-3700"),
        ("orcid.org/0000000218250097", "0000-0002-1825-0097"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
        ("0000-0002-1694-2339", None),
        ("0000-0002-1825-0096", None),
        ("https://evil.example/0000-0002-1825-0097", None),
        ("0000-0002-1825", None),
        ("", None),
        (None, None),
    ],
)
def test_orcid_ids_are_read_in_both_forms_and_checked(text, expected):
    assert normalise_orcid(text) == expected and orcid_is_valid(text) is (expected is not None)


def test_every_digit_typo_in_an_orcid_is_caught():
    orcid = "000000021825009"
    for position in range(15):
        for digit in "0123456789":
            if digit != orcid[position]:
                typo = orcid[:position] + digit + orcid[position + 1 :]
                assert orcid_check_digit(typo) != "7", typo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("HTTP://Example.org", "HTTP://Example.org"),
        ("  https://example.org/  ", "https://example.org/"),
        ("https://bücher.example/josé", "https://xn--bcher-kva.example/jos%C3%A9"),
        ("https://[2001:db8::1]:8443/x", "https://[2001:db8::1]:8443/x"),
        *((url, None) for url in HOSTILE_URLS),
        ("https://a.example/\u200b", None),
        ("https://a.example/\x00", None),
        ("x" * 2001, None),
        (42, None),
    ],
)
def test_safe_url_lets_only_http_addresses_through(text, expected):
    assert safe_url(text) == expected


# --- references and matching -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("10.1145/3290605.3300233", "doi", "10.1145/3290605.3300233"),
        ("https://doi.org/10.48550/arXiv.2301.12345", "doi", "10.48550/arxiv.2301.12345"),
        ("doi:10.1000/ABC%2Fdef", "doi", "10.1000/abc%2fdef"),
        ("http://dx.doi.org/10.1000/x", "doi", "10.1000/x"),
        ("2301.12345", "arxiv", "2301.12345"),
        ("arXiv:2301.12345v3", "arxiv", "2301.12345"),
        ("https://arxiv.org/abs/2301.12345v2", "arxiv", "2301.12345"),
        ("https://arxiv.org/pdf/2301.12345.pdf", "arxiv", "2301.12345"),
        ("hep-th/9901001", "arxiv", "hep-th/9901001"),
        ("math.GT/0309136v1", "arxiv", "math/0309136"),
        ("Spectral Dropout: Regularising Transformers", "title", "spectral dropout regularising transformers"),
        ("G$^3$SR: \\textbf{Fast}", "title", "g 3 sr fast"),
    ],
)
def test_a_reference_is_a_doi_an_arxiv_id_or_a_title(text, kind, key):
    reference = parse_reference(text)
    assert (reference.kind, reference.key) == (kind, key)


def _papers() -> dict[str, Paper]:
    papers = {
        "spectral": Paper("Spectral Dropout: Regularising Transformers", id="spectral"),
        "tessellated": Paper("Tessellated Attention", id="tessellated"),
        "pixels": Paper("Pixels to Plots", id="pixels"),
    }
    # The fields issue 15's readers add to Paper: found when present, by the same names.
    papers["tessellated"].doi = "https://doi.org/10.1234/TESS.2025"
    papers["pixels"].arxiv_id = "2307.01234v2"
    return papers


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("spectral dropout — regularising transformers!", "spectral"),
        ("10.1234/tess.2025", "tessellated"),
        ("doi:10.1234/TESS.2025", "tessellated"),
        ("arXiv:2307.01234", "pixels"),
        ("https://arxiv.org/abs/2307.01234v1", "pixels"),
        ("Pixels to Plot", None),
        ("10.1234/other", None),
        ("2307.99999", None),
    ],
)
def test_match_paper_finds_a_paper_by_doi_arxiv_id_or_title(reference, expected):
    assert match_paper(reference, _papers()) == expected
    assert match_paper(reference, list(_papers().values())) == expected


def test_unmatched_references_are_warnings_at_their_line(tmp_path):
    settings, _ = load(
        tmp_path,
        "author: A\nselected:\n  - Pixels to Plot\n  - 10.1234/tess.2025\n"
        "  - Tessellated Attention\n"
        "hidden:\n  - tessellated attention\n  - arXiv:2307.01234\n"
        "papers:\n  - paper: 2307.99999\n    code: https://example.org/c\n"
        "  - paper: Pixels to Plots\n    pdf: https://example.org/a.pdf\n"
        "  - paper: 2307.01234\n    pdf: https://example.org/b.pdf\n",
    )
    resolved, notes = resolve_papers(settings, PaperMatcher(_papers()))
    assert resolved.selected == ("tessellated",) and resolved.hidden == ("pixels",)
    assert resolved.additions["pixels"].pdf == "https://example.org/a.pdf"
    assert messages([str(n) for n in notes], tmp_path / "ada.yml") == [
        "3: warning: selected[0]: no paper of theirs has the title 'Pixels to Plot' (did you mean 'Pixels to Plots'?)",
        "5: warning: selected[2]: 'Tessellated Attention' names a paper listed before: listed once",
        "7: warning: hidden[0]: 'tessellated attention' is also selected: it is shown",
        "10: warning: papers[0].paper: no paper of theirs has the arXiv id '2307.99999'",
        "14: warning: papers[2].paper: '2307.01234' names a paper given additions before: these are not used",
    ]


# --- finding and attaching settings files ---------------------------------------------------------------------


def test_settings_files_are_found_by_their_extension_anywhere_under_profiles(tmp_path):
    profiles, outside = tmp_path / "profiles", tmp_path / "elsewhere.yml"
    outside.write_text("author: Someone\n", "utf-8")
    for name in ("ada.yml", "group/tomas.YAML", "group/notes.txt", ".hidden.yml", ".git/config.yml", "photo.png"):
        write(profiles, "author: X\n", name)
    (profiles / "link.yml").symlink_to(outside)
    found, notes = find_settings(profiles)
    assert [p.relative_to(profiles).as_posix() for p in found] == ["ada.yml", "group/tomas.YAML"]
    link = profiles / "link.yml"
    assert [str(n) for n in notes] == [f"{link}:1: warning: a link to a file outside '{profiles}': skipped"]


def test_two_files_for_one_author_the_first_applies(tmp_path):
    write(tmp_path, "author: Ada Marlowe\nname: First\n", "a.yml")
    write(tmp_path, "author: ada  MARLOWE\nname: Second\n", "b.yml")
    settings, notes = load_all_settings(tmp_path)
    assert [s.name for s in settings] == ["First"]
    assert [str(n) for n in notes] == [
        f"{tmp_path / 'b.yml'}:1: error: author: 'ada MARLOWE' already has a settings "
        f"file ({tmp_path / 'a.yml'}): this one is not used"
    ]


def test_settings_attach_to_profiled_authors_by_name_or_slug(tmp_path):
    authors = [Author("Ada Marlowe", slug="ada-marlowe"), Author("Tomás Ibarra", slug="tomas-ibarra")]
    files = {"a.yml": "author: ADA marlowe\n", "b.yml": "author: tomas-ibarra\n", "c.yml": "author: Ada Marlow\n"}
    settings = [load(tmp_path, text, name)[0] for name, text in files.items()]
    attached, notes = attach_settings(settings, authors)
    assert {slug: s.source for slug, s in attached.items()} == {
        "ada-marlowe": str(tmp_path / "a.yml"),
        "tomas-ibarra": str(tmp_path / "b.yml"),
    }
    assert [str(n) for n in notes] == [
        f"{tmp_path / 'c.yml'}:1: warning: author: 'Ada Marlow' is no profiled author: "
        "these settings are not used (did you mean 'Ada Marlowe'?)"
    ]


# --- the readers leave settings files and photos alone -------------------------------------------------------


def test_the_readers_skip_settings_files_and_images(tmp_path):
    for name in ("ada.yml", "b.YAML", "me.png", "me.JPG", "me.jpeg", "me.webp", "me.gif"):
        write(tmp_path, "not a source", name)
    write(tmp_path, "still read", "notes.txt")
    found, notes = find_sources([tmp_path])
    assert [name for _, name in found] == ["notes.txt"] and notes == []


def test_the_bundled_examples_read_without_an_error():
    portfolio = load_portfolio([EXAMPLES], AS_OF)
    assert [str(d) for d in portfolio.diagnostics if d.level is not Level.INFO] == []
    assert {p.name for p in EXAMPLES.iterdir()} >= {"ada-marlowe.yml", "ada-marlowe.png"}


def test_a_new_portfolio_gets_the_example_settings_and_photo(tmp_path):
    written = starter.scaffold(tmp_path / "lab")
    assert {"profiles/ada-marlowe.yml", "profiles/ada-marlowe.png"} <= set(written)
    settings, notes = load_all_settings(tmp_path / "lab" / "profiles")
    assert notes == [] and [s.author for s in settings] == ["Ada Marlowe"] and settings[0].photo is not None
    portfolio = load_portfolio([tmp_path / "lab" / "profiles"], AS_OF)
    assert [d for d in portfolio.diagnostics if d.level is not Level.INFO] == []


# --- the site's tables in mkdocs.yml ---------------------------------------------------------------------------

MKDOCS_YML = """\
site_name: Lab
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  analytics: !ENV [ANALYTICS, none]
plugins:
  - search
  - portfolio:
      profiles: profiles
      organisations:
        Peking University: [pku, PekingUniversity]
        Tessera Lab: tessera-lab
{extra}"""


def _site(tmp_path: Path, extra: str = ""):
    from mkdocs.utils import yaml_load

    path = tmp_path / "mkdocs.yml"
    path.write_text(MKDOCS_YML.format(extra=extra), "utf-8")
    with path.open("rb") as handle:
        config = yaml_load(handle)
    options = next(item["portfolio"] for item in config["plugins"] if isinstance(item, dict))
    return path, options


def test_organisation_aliases_name_one_organisation(tmp_path):
    path, options = _site(tmp_path)
    site = load_site_settings(options, path)
    assert [
        site.organisation(name)
        for name in ("pku", "PKU", "PekingUniversity", "peking  university", "tessera-lab", "Tessera Lab", "Elsewhere")
    ] == [
        "Peking University",
        "Peking University",
        "Peking University",
        "Peking University",
        "Tessera Lab",
        "Tessera Lab",
        "Elsewhere",
    ]
    assert load_site_settings({}).organisation("pku") == "pku"


def test_organisation_mistakes_name_mkdocs_yml_its_line_and_the_key(tmp_path):
    path, options = _site(
        tmp_path, "        Other: [pku, 3]\n        '  ': [x]\n        Empty: []\n        Bad: {a: b}\n"
    )
    with pytest.raises(SiteSettingsError) as raised:
        load_site_settings(options, path)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{path}:17: error: plugins.portfolio.organisations[\"  \"]: the name ' ' is empty",
        f"{path}:19: error: plugins.portfolio.organisations.Bad: expected a name or a list of names, got keys and "
        "values",
        f"{path}:16: error: plugins.portfolio.organisations.Other[1]: expected text, got a number",
        f"{path}:16: error: plugins.portfolio.organisations.Other[0]: 'pku' is already a name of 'Peking University' "
        "(line 14)",
    ]
    assert str(raised.value).count("\n") == 3


def test_site_settings_without_a_config_file_still_name_the_key():
    with pytest.raises(SiteSettingsError) as raised:
        load_site_settings({"organisations": {"A": ["x"], "B": "x"}})
    assert str(raised.value) == "mkdocs.yml:1: error: plugins.portfolio.organisations.B: 'x' is already a name of 'A'"


def test_publication_types_are_the_schemas():
    assert PUBLICATION_TYPES == ("article", "conference", "book", "chapter", "thesis", "report", "preprint", "misc")


def test_yaml_errors_are_one_exception_kind():
    for text in ("a: [", "a: b\n\x00", "a: *b", "%YAML 9.9\n---\na: b", "a: 'x\n", "a: \ufffe"):
        with pytest.raises(YamlError) as raised:
            load_with_lines(text)
        assert raised.value.line >= 1 and "\n" not in raised.value.message


# --- properties: whatever the file holds, no exception and one-line diagnostics -----------------------------------

EXAMPLES_PER_TEST = {"ci": 2000, "quick": 100}[os.environ.get("PORTFOLIO_HYPOTHESIS", "ci")]
PROPERTY = hypothesis_settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Lines of settings files, right and nearly right, and YAML that a loader must not obey.
SETTINGS_LINES = [
    "author: Ada Marlowe",
    "author:",
    "author: [a, b]",
    "name: Ada",
    "name: 'x",
    'name: "\\x00\\u202e\\ud800"',
    "variants:",
    "  - D. Fu",
    "  - 'Fu, D.'",
    "  -",
    "  - [nested]",
    "orcid: 0000-0002-1825-0097",
    "orcid: 0000-0002-1825-0098",
    "homepage: https://example.org/",
    "homepage: javascript:alert(1)",
    "links:",
    "  github: https://github.com/a",
    "  mastodon: '@a@b.social'",
    "  gitlab: x",
    "  bluesky: data:text/html,x",
    "photo: me.png",
    "photo: ../x.png",
    "photo: /etc/passwd",
    "photo: https://example.org/a.png",
    "bio: |",
    "  *em* **strong** [l](https://x.org)",
    "  <script>alert(1)</script> {{ config }}",
    "selected:",
    "  - 10.1234/x",
    "  - arXiv:2301.12345",
    "  - '!!!'",
    "hidden: [2301.10000]",
    "papers:",
    "  - paper: Title",
    "    pdf: https://example.org/a.pdf",
    "    type: journal",
    "    code: javascript:x",
    "    extra: 1",
    "  - pdf: x",
    "a: &x [1]",
    "b: *x",
    "c: !!python/object/apply:os.system [id]",
    "d: !!binary aGk=",
    "? [a]",
    ": b",
    "---",
    "...",
    "%YAML 1.1",
    "{a: [b, {c: d}]}",
    "[[[[[[",
    "- - -",
    "\t",
    "key: v: w",
    "<<: {author: X}",
    "'author': \"A\"",
    "author: A\nauthor: B",
    "  ",
    "#",
    "é: ü",
]
settings_text = st.lists(st.one_of(st.sampled_from(SETTINGS_LINES), st.text(max_size=30)), max_size=40).map("\n".join)


def _one_line_diagnostics(diagnostics, path: Path) -> None:
    for diagnostic in diagnostics:
        line = str(diagnostic)
        assert "\n" not in line and line.startswith(f"{path}"), line
        assert diagnostic.level in (Level.ERROR, Level.WARNING, Level.INFO) and diagnostic.message.strip()
        line.encode("utf-8")  # printable: no lone surrogate reaches a message


@PROPERTY
@given(text=settings_text)
@example(text="author: A\nname: " + "{" * 300)
@example(text="author: A\n\u2028name: B\n\x85x: y")
def test_any_settings_text_reads_without_an_exception(tmp_path, text):
    folder = tmp_path  # the same file, written again for each example
    path = folder / "x.yml"
    path.write_text(text, "utf-8", errors="surrogatepass")
    settings_read, diagnostics = load_author_settings(path, folder)
    _one_line_diagnostics(diagnostics, path)
    if settings_read is None:
        assert any(d.level is Level.ERROR for d in diagnostics)
    else:
        assert settings_read.author.strip()
        paper_urls = [getattr(paper, kind) for paper in settings_read.papers for kind in PAPER_LINKS]
        for url in [settings_read.homepage, *(link.url for link in settings_read.links), *paper_urls]:
            assert url is None or safe_url(url) == url


# Any data a YAML writer can produce from the settings' own keys, values of every shape.
KEYS = [
    "author",
    "name",
    "variants",
    "orcid",
    "homepage",
    "affiliation",
    "photo",
    "bio",
    "links",
    "selected",
    "hidden",
    "papers",
    "paper",
    "pdf",
    "type",
    "github",
    "mastodon",
    "unknown",
]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)


@PROPERTY
@given(data=st.dictionaries(st.sampled_from(KEYS), values, max_size=8))
def test_any_data_of_any_shape_reads_without_an_exception(tmp_path, data):
    folder = tmp_path
    path = folder / "x.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8", errors="surrogatepass")
    settings_read, diagnostics = load_author_settings(path, folder)
    _one_line_diagnostics(diagnostics, path)
    if settings_read is None:
        assert any(d.level is Level.ERROR for d in diagnostics)
    else:
        assert settings_read.author.strip() and "author" in data


@PROPERTY
@given(
    text=st.lists(
        st.sampled_from([*"ab *_[]()!\\<>&\"'`#\n:/.", "https://", "javascript:", "\n\n", "é"]), max_size=60
    ).map("".join)
)
@example(text="[a](https://x.org/)")
def test_a_bio_never_holds_more_than_paragraphs_emphasis_and_web_links(text):
    html = render_bio(text)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in ("p", "em", "strong", "a"), html
        if tag.name == "a":
            assert set(tag.attrs) == {"href", "rel"} and tag["rel"] == ["nofollow", "noopener"]
            assert tag["href"].startswith(("http://", "https://")) and safe_url(tag["href"]) == tag["href"]
        else:
            assert tag.attrs == {}
    # Nothing lost, nothing made up: every letter of the text is in the page's text or a link's address.
    shown_letters = soup.get_text() + "".join(a["href"] for a in soup.find_all("a"))
    assert sorted(ch for ch in text if ch.isalpha()) == sorted(ch for ch in shown_letters if ch.isalpha())
    assert render_bio(text) == html


@PROPERTY
@given(digits=st.text(alphabet="0123456789", min_size=15, max_size=15))
def test_the_orcid_check_digit_accepts_its_own_and_no_other(digits):
    check = orcid_check_digit(digits)
    orcid = "-".join((digits + check)[i : i + 4] for i in range(0, 16, 4))
    assert orcid_is_valid(orcid) and orcid_is_valid(f"https://orcid.org/{orcid}")
    for other in "0123456789X":
        if other != check:
            assert not orcid_is_valid(orcid[:-1] + other)


@PROPERTY
@given(text=st.text(max_size=60))
def test_safe_url_returns_only_http_addresses_it_would_return_again(text):
    url = safe_url(text)
    if url is not None:
        assert url.lower().startswith(("http://", "https://")) and url.isascii()
        assert not any(ch.isspace() or ch in '"<>\\^`{|}' for ch in url) and safe_url(url) == url


@hypothesis_settings(max_examples=max(EXAMPLES_PER_TEST // 10, 25), deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_as_a_photo_give_a_photo_or_a_reason(data):
    try:
        photo = prepare_photo_bytes(data)
    except PhotoError as refused:
        assert str(refused) and "\n" not in str(refused)
    else:
        assert Image.open(io.BytesIO(photo.data)).format in ("JPEG", "PNG")


def test_a_bad_list_item_leaves_the_others_with_their_own_lines(tmp_path):
    settings, lines = load(
        tmp_path,
        "author: A\nselected:\n  - [nested]\n  - !!python/name:os.system x\n  -\n"
        "  - '   '\n  - Kept Title\nvariants: [A. B, [x], C. D]\npapers:\n  - x\n"
        "  - paper: '***'\n  - paper: Kept\n    type: misc\n",
    )
    assert messages(lines, tmp_path / "ada.yml") == [
        "3: error: selected[0]: expected text, got a list",
        "4: error: selected[1]: YAML tag '!!python/name:os.system' is not allowed: write plain text",
        "5: error: selected[2]: expected text, got nothing",
        "6: error: selected[3]: is empty",
        "8: error: variants[1]: expected text, got a list",
        "10: error: papers[0]: expected keys and values (key: value), got text",
        "11: error: papers[1].paper: '***' is not a DOI, an arXiv id or a title: it has no words to match by",
    ]
    assert [(r.text, r.line, r.where) for r in settings.selected] == [("Kept Title", 7, "selected[4]")]
    assert settings.variants == ("A. B", "C. D")
    assert [(p.reference.text, p.reference.line, p.pub_type) for p in settings.papers] == [("Kept", 12, "misc")]


def test_the_public_api_is_what_all_lists():
    import types

    import generator.settings as package

    public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(package.__all__)


def test_publication_lists_are_files_inside_the_profiles_folder(tmp_path):
    profiles = tmp_path / "profiles"
    write(profiles, "@article{a, title={A}}\n", "ada/own.bib")
    write(profiles, "{}", "ada/orcid-works.json")
    write(tmp_path, "@article{b}\n", "private.bib")
    text = (
        "author: A\npublications:\n  - own.bib\n  - ./orcid-works.json\n  - own.bib\n  - ../../private.bib\n"
        "  - https://example.org/a.bib\n  - ada.yml\n  - missing.bib\n"
    )
    settings, lines = load(profiles, text, "ada/ada.yml")
    own = profiles.resolve() / "ada"
    assert settings.publications == (own / "own.bib", own / "orcid-works.json")
    assert messages(lines, profiles / "ada/ada.yml") == [
        "6: error: publications[3]: '../../private.bib' leads outside the profiles folder: the file must be inside it",
        "7: error: publications[4]: 'https://example.org/a.bib': files are never fetched: put the file beside this "
        "settings file and give its name",
        "8: error: publications[5]: 'ada.yml' is not a source file (a .bib, CSL-JSON, arXiv or ORCID file)",
        "9: error: publications[6]: 'missing.bib': no such file next to this settings file",
    ]


def test_organisation_names_yaml_read_as_numbers_or_dates_are_named(tmp_path):
    path, options = _site(tmp_path, "        2023: [x]\n        2024-01-01: y\n")
    with pytest.raises(SiteSettingsError) as raised:
        load_site_settings(options, path)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{path}:13: error: plugins.portfolio.organisations: the name '2023' is not text: put it in quotes",
        f"{path}:13: error: plugins.portfolio.organisations: the name '2024-01-01' is not text: put it in quotes",
    ]
    assert load_site_settings({"organisations": None}, path).organisations == {}


@PROPERTY
@given(
    table=values
    | st.dictionaries(
        st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.dates()),
        st.one_of(scalars, st.lists(scalars, max_size=4)),
        max_size=6,
    )
)
def test_any_organisation_table_gives_settings_or_one_line_mistakes(table):
    try:
        site = load_site_settings({"organisations": table})
    except SiteSettingsError as mistakes:
        assert mistakes.diagnostics and all("\n" not in str(d) and d.level is Level.ERROR for d in mistakes.diagnostics)
    else:
        assert all(isinstance(key, str) and isinstance(name, str) for key, name in site.organisations.items())


def test_a_fifo_named_as_a_settings_file_is_reported_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "ada.yml")
    settings, diagnostics = load_author_settings(tmp_path / "ada.yml")
    assert settings is None
    path = tmp_path / "ada.yml"
    assert [str(d) for d in diagnostics] == [f"{path}:1: error: cannot read file: not a regular file (a FIFO)"]
