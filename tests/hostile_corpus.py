"""The hostile corpus: our committed payload files plus inputs made at run time (bytes, sizes, names).

Every payload that would run code if it ever became markup carries the marker `pwned`, so a test can
look for the marker anywhere it must not be (an attribute, a script, a URL). Files that are awkward to
commit (NUL bytes, Latin-1, BOM and CRLF, binary, 100 KB lines, 5 MB) are written by `write_corpus`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
MARKER = "pwned"
CANARY = "CANARY-7f3a9c-do-not-publish"
LONG_TITLE_BYTES = 100_000
HUGE_PAPERS = 5_000
HUGE_BYTES = 5_000_000

HEADER = "{name}\n\nLG\nh-index1\n{count}papers\n1citations\n\n{count} Papers\n"
COMMITTED = (".txt", ".bib", ".json", ".xml")  # the saved pages' payloads, and the bibliographies'
ARXIV_FEED = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv</title>'
    "<entry><id>http://arxiv.org/abs/2401.00001</id><title>{title}</title></entry></feed>"
)


def profile(name: str, papers: list[tuple[str, str, str]], header: str = "LGJan 2, 2020") -> str:
    """A profile page text: `papers` are (title, author line, abstract)."""
    blocks = [f"{header}\n{title}\n\n{authors}\n\n{abstract}\n" for title, authors, abstract in papers]
    return HEADER.format(name=name, count=len(papers)) + "\n" + "\n".join(blocks)


def invisible_characters() -> str:
    """A profile whose every field carries control, NUL, bidi-override and zero-width characters."""
    return profile(
        "Ctrl\x00 \u202eReversed\u202c Name\u200b",
        [
            (
                "Zero\u200bWidth \u2066Isolated\u2069 Title\x07 with \x1b[31mANSI\x1b[0m and DEL\x7f and C1\x85\x9b",
                "Ctrl\x00 \u202eReversed\u202c Name\u200b, B\u200dob \u2028Line · org\x01\ufeffname",
                "Abstract with NUL\x00 bytes, \x0b vertical tab, \x0c form feed, RLO \u202egnp.exe\u202c and a word\u2060joiner.",
            )
        ],
    )


def long_title() -> str:
    """A profile with a 100 KB title and an abstract of 400 formulas."""
    words = " ".join(f"word{i}" for i in range(LONG_TITLE_BYTES // 8))[:LONG_TITLE_BYTES]
    return profile(
        "Long Title",
        [(f"Long {words} <script>{MARKER}</script>", "Long Title, Co Author", "Formulas $x_1$ and $\\alpha$ " * 200)],
    )


def long_author_line() -> str:
    """A profile whose author line names 6,000 people."""
    authors = ", ".join(f"Name{i} Surname" for i in range(6_000))
    return profile("Long Authors", [("Thousands of Authors", f"{authors} · big-team", "A big team.")])


def long_feed() -> str:
    """A feed whose organisation line is 100 KB long (an id glued to a name, or not)."""
    org = " ".join(f"Org{i}" for i in range(LONG_TITLE_BYTES // 6))
    return f"Daily Papers\n\nSubscribe\n\nMay 5\n\nA Feed Entry\n\nAbstract.\n\n{org}\n·\nMay 1, 2025\n"


def huge_profile() -> str:
    """A 5 MB profile with 5,000 papers, each a full block with a long abstract."""
    filler = "We study the problem at length and report what we found. " * 17
    papers = [
        (
            f"Paper Number {i} on Scalable Things",
            f"Big Author, Co Author{i % 50} et al. · org{i % 20}",
            f"Abstract {i}: {filler}",
        )
        for i in range(HUGE_PAPERS)
    ]
    text = profile("Big Author", papers, header="LGMar 1, 2023")
    assert len(text.encode("utf-8")) >= HUGE_BYTES, "the huge profile must be at least 5 MB"
    return text


def billion_laughs() -> str:
    """An arXiv response whose DTD defines entities that expand to a billion `lol`s."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return f'<?xml version="1.0"?>\n<!DOCTYPE feed [\n{chr(10).join(entities)}\n]>\n' + ARXIV_FEED.format(
        title=f"&lol9; {MARKER}"
    )


def external_entity(target: Path) -> str:
    """An arXiv response whose title is an external entity naming a file (XXE)."""
    return f'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY secret SYSTEM "file://{target}">]>\n' + ARXIV_FEED.format(
        title="&secret;"
    )


def deep_braces(depth: int = 20_000) -> str:
    """A .bib whose first title nests braces `depth` deep, and a plain entry after it."""
    title = "{" * depth + MARKER + "}" * depth
    after = "@article{after, title = {After the Deep One}, year = 2021}"
    return f"@article{{deep, title = {title}, year = 2020}}\n\n{after}\n"


def deep_json(depth: int = 100_000) -> str:
    """A CSL-JSON array nested `depth` deep."""
    return '[{"type": "article", "title": "Deep", "note": ' + "[" * depth + "]" * depth + "}]"


def write_corpus(folder: Path, outside: Path) -> dict[str, Path]:
    """Write the whole hostile corpus into `folder`; `outside` is a folder whose files must never be read."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(HOSTILE.iterdir()):
        if path.suffix in COMMITTED:
            shutil.copy(path, folder / path.name)
    latin = profile(
        "José Müller-Weiß",
        [("Café Études in Latin-1", "José Müller-Weiß, Ana Souza", "Ça marche: naïve façade, 5 £ ± ½.")],
    )
    bom_crlf = profile("Bom Crlf", [("Windows Line Endings", "Bom Crlf", "Read as if the lines ended in LF.")])
    truncated = (
        profile("Cut Short", [("A Whole Paper", "Cut Short", "Complete.")])
        + "\nLGJun 1, 2024\nThe Paper That Ends In Ünïcödé"
    )
    missing_title = HEADER.format(name="No Title", count=2) + (
        "\nLGJan 2, 2020\n\nNo Title\n\nThis block lost its title line.\n"
        "\nLGJan 3, 2020\nThe Paper After It\n\nNo Title\n\nStill read.\n"
    )
    cut = profile(
        "Cut Mid Abstract",
        [
            ("First Of Three", "Cut Mid Abstract", "Complete."),
            ("Second Of Three", "Cut Mid Abstract", "Also complete."),
            ("Third Of Three", "Cut Mid Abstract", "Never saved."),
        ],
    )
    counts = HEADER.format(name="Huge Counts", count=1).replace("1citations", f"{'9' * 5000}citations\n,papers")
    files = {
        "invisible.txt": invisible_characters().encode("utf-8"),
        "latin1.txt": latin.encode("latin-1"),
        "bom_crlf.txt": b"\xef\xbb\xbf" + bom_crlf.replace("\n", "\r\n").encode("utf-8"),
        "cr_only.txt": bom_crlf.replace("Bom Crlf", "Carriage Return").replace("\n", "\r").encode("utf-8"),
        "utf16.txt": bom_crlf.replace("Bom Crlf", "Unicode Notepad").replace("\n", "\r\n").encode("utf-16"),
        "truncated.txt": truncated.encode("utf-8")[:-1],  # the download stopped inside the last character
        "missing_title.txt": missing_title.encode("utf-8"),
        "long_title.txt": long_title().encode("utf-8"),
        "long_authors.txt": long_author_line().encode("utf-8"),
        "long_feed.txt": long_feed().encode("utf-8"),
        "empty.txt": b"",
        "xml_billion_laughs.xml": billion_laughs().encode("utf-8"),
        "xml_external_entity.xml": external_entity(outside / "secret_profile.txt").encode("utf-8"),
        "bib_deep_braces.bib": deep_braces().encode("utf-8"),
        "csl_deep_nesting.json": deep_json().encode("utf-8"),
        "binary.dat": bytes(range(256)) * 64,
        "snippet_absolute.txt": profile(
            "Snip Absolute",
            [
                (
                    f'--8<-- "{outside / ".env"}"',
                    "Snip Absolute · org",
                    f'--8<-- "{outside / ".env"}" and !!python/object/apply:os.system ["touch {outside / MARKER}"]',
                )
            ],
        ).encode("utf-8"),
        # Issue 13: files that once stopped the whole build (a count of 5,000 digits, `,papers`), were read as
        # whole though cut off, lost a team's paper to its author line, or gave blank author cards.
        "counts.txt": f"{counts}\nLGJan 2, 2020\nCounted Paper\n\nHuge Counts\n\nRead.\n".encode(),
        "cut_mid_abstract.txt": cut[: cut.index("Complete.") + 4].encode("utf-8"),
        "team_author.txt": profile(
            "Team Member",
            [("Found By A Collaboration", "CMS", "A team wrote it."), ("Second Team Paper", "ATLAS", "Another team.")],
        ).encode("utf-8"),
        "filler_names.txt": profile(
            "Filler Friend",
            [("Blank Co-Authors", "Filler Friend, \u3164\u3164, \u2800, Ada\x00Lovelace", "Names of fillers only.")],
        ).encode("utf-8"),
        # File names are input too: the collection page shows this one.
        f'<svg onload="{MARKER}"> {{{{ config }}}} --8<-- CON.txt': (HOSTILE / "feed_payloads.txt").read_bytes(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    # And files that stopped it (two links leading to each other) or hung it for ever (a FIFO, never written to).
    (folder / "loop_a.txt").symlink_to("loop_b.txt")
    (folder / "loop_b.txt").symlink_to("loop_a.txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
    (folder / ".env").write_text(f"SECRET={CANARY}-hidden-in-profiles\n", "utf-8")
    # A readable profile kept outside, reached through links: neither may be followed.
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret_profile.txt").write_text(profile(CANARY, [(CANARY, CANARY, CANARY)]), "utf-8")
    (folder / "linked_profile.txt").symlink_to(outside / "secret_profile.txt")
    (folder / "linked_folder").symlink_to(outside, target_is_directory=True)
    return {name: folder / name for name in files}
