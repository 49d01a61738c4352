"""A researcher's settings file: who they are and what to do with their papers, read from untrusted YAML.

Every `.yml` / `.yaml` file under the profiles folder is one author's settings file; its required `author:` key
names the profiled author it is about (their name as the profile gives it, or their slug), so the file name is
free. A bad key is reported (file, line, key, reason) and left out; the rest of the file still applies. Only a
file that cannot be read as YAML, or names no author, is left out whole.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, error, warning
from generator.model import Author, normalise_name
from generator.readers import IMAGE_SUFFIXES, SETTINGS_SUFFIXES
from generator.readers.text import decode, read_regular_file, remove_unsafe_characters
from generator.settings.bio import render_bio
from generator.settings.identifiers import (
    bluesky_url,
    mastodon_url,
    normalise_orcid,
    orcid_problem,
    orcid_url,
    safe_url,
)
from generator.settings.photo import Photo, PhotoError, prepare_photo
from generator.settings.references import PaperMatcher, PaperReference, parse_reference
from generator.settings.validation import AUTHOR_SCHEMA, check, key_path, schema, shown, without
from generator.settings.yaml_lines import LONE_SURROGATE, LinedData, YamlError, load_with_lines

MAX_SETTINGS_BYTES = 1_000_000  # a settings file is a page of text; a bigger one is a mistake or an attack
LINK_KINDS = {
    "google_scholar": "Google Scholar",
    "semantic_scholar": "Semantic Scholar",
    "dblp": "DBLP",
    "openreview": "OpenReview",
    "github": "GitHub",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
}
PAPER_LINKS = ("pdf", "code", "project", "slides", "video")
PUBLICATION_TYPES = tuple(schema(AUTHOR_SCHEMA)["properties"]["papers"]["items"]["properties"]["type"]["enum"])
_MULTILINE = {("bio",)}  # every other text value is one line: runs of white space become one space


def _is_url(path: tuple) -> bool:
    """True for the key paths whose values are web addresses."""
    return (
        path == ("homepage",)
        or (len(path) == 2 and path[0] == "links")
        or (len(path) == 3 and path[0] == "papers" and path[2] in PAPER_LINKS)
    )


@dataclass(frozen=True)
class Link:
    """A link to the author elsewhere: `kind` is a key of LINK_KINDS, `label` what a page shows."""

    kind: str
    label: str
    url: str


@dataclass(frozen=True)
class PaperAdditions:
    """What a settings file adds to one paper: links (http(s) only), venue, publication type, award, note."""

    reference: PaperReference
    pdf: str | None = None
    code: str | None = None
    project: str | None = None
    slides: str | None = None
    video: str | None = None
    venue: str | None = None
    pub_type: str | None = None  # the file's `type:`, one of PUBLICATION_TYPES (Paper.pub_type's name)
    award: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class AuthorSettings:
    """One author's settings file, checked: every value here is clean text, a safe http(s) URL, a verified
    ORCID iD, a re-encoded photo or a paper reference."""

    author: str  # whom the file is about: a profiled author's name or slug
    source: str  # the settings file, for messages
    line: int  # the line of `author:`
    name: str | None = None
    variants: tuple[str, ...] = ()
    orcid: str | None = None  # 0000-0002-1825-0097
    homepage: str | None = None
    affiliation: str | None = None
    photo: Photo | None = None
    bio: str | None = None  # Markdown source; `bio_html` is what a page shows
    links: tuple[Link, ...] = ()
    selected: tuple[PaperReference, ...] = ()
    hidden: tuple[PaperReference, ...] = ()
    papers: tuple[PaperAdditions, ...] = ()
    publications: tuple[Path, ...] = ()  # source files that are this author's own publication list (issue 15)

    @property
    def display_name(self) -> str:
        return self.name or self.author

    @property
    def bio_html(self):
        """The bio as safe HTML (see `render_bio`)."""
        return render_bio(self.bio)

    @property
    def orcid_url(self) -> str | None:
        return orcid_url(self.orcid) if self.orcid else None

    @property
    def same_as(self) -> list[str]:
        """Addresses of the same person elsewhere (ORCID, homepage, profiles), for JSON-LD `sameAs`."""
        return [url for url in (self.orcid_url, self.homepage, *(link.url for link in self.links)) if url]

    @property
    def name_keys(self) -> frozenset[str]:
        """Every spelling of their name, normalised as `normalise_name` does; "Family, Given" also as
        "Given Family", the order author lists use."""
        keys = set()
        for spelling in (self.author, self.name, *self.variants):
            if spelling:
                keys.add(normalise_name(spelling))
                family, comma, given = spelling.partition(",")
                if comma and given.strip():
                    keys.add(normalise_name(f"{given} {family}"))
        keys.discard("")
        return frozenset(keys)

    def is_own_name(self, name: str) -> bool:
        """True when `name` (as an author list writes it) is one of their spellings."""
        return normalise_name(name) in self.name_keys


# --- finding and loading ---------------------------------------------------------------------------------


def is_settings_file(path: Path) -> bool:
    """True for a file the settings loader reads (not the readers): `.yml` or `.yaml`, any case."""
    return path.suffix.lower() in SETTINGS_SUFFIXES


def find_settings(folder: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every settings file under `folder` (hidden ones skipped), sorted; a link that leads out of the folder is
    skipped with a warning, as the readers skip one."""
    found: list[Path] = []
    notes: list[Diagnostic] = []
    if not folder.is_dir():
        return found, notes
    inside = folder.resolve()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = Path(root) / name
            if name.startswith(".") or not is_settings_file(full):
                continue
            if full.is_symlink() and not full.resolve().is_relative_to(inside):
                notes.append(warning(str(full), 0, f"a link to a file outside '{folder}': skipped"))
                continue
            found.append(full)
    return found, notes


def load_all_settings(folder: Path) -> tuple[list[AuthorSettings], list[Diagnostic]]:
    """Every settings file under the profiles `folder`, loaded; a second file for the same author is reported
    and left out (the first in path order applies)."""
    paths, diagnostics = find_settings(folder)
    loaded: list[AuthorSettings] = []
    first: dict[str, AuthorSettings] = {}
    for path in paths:
        settings, notes = load_author_settings(path, folder)
        diagnostics.extend(notes)
        if settings is None:
            continue
        key = normalise_name(settings.author)
        if key in first:
            diagnostics.append(
                error(
                    settings.source,
                    settings.line,
                    f"author: {shown(settings.author)} already has a "
                    f"settings file ({first[key].source}): this one is not used",
                )
            )
            continue
        first[key] = settings
        loaded.append(settings)
    return loaded, diagnostics


def load_author_settings(path: Path, root: Path | None = None) -> tuple[AuthorSettings | None, list[Diagnostic]]:
    """One settings file, checked key by key; `root` is the profiles folder its photo must stay inside
    (default: the file's own folder). None when nothing of it can be used; diagnostics either way."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_SETTINGS_BYTES:
            return None, [
                error(
                    file,
                    1,
                    f"the file is {size / 1e6:.1f} MB: a settings file may be at most "
                    f"{MAX_SETTINGS_BYTES // 1_000_000} MB",
                )
            ]
        raw = read_regular_file(path)  # a FIFO named x.yml must not block the build
    except OSError as exc:
        return None, [error(file, 1, f"cannot read file: {exc.strerror or exc}")]
    source = decode(raw, file, path.name)
    if isinstance(source, Diagnostic):
        return None, [source]
    diagnostics = list(source.diagnostics)
    try:
        document = load_with_lines(source.text + "\n")
    except YamlError as problem:
        return None, [*diagnostics, error(file, problem.line, problem.message)]
    reader = _SettingsReader(file, document, path.parent, (root or path.parent))
    settings = reader.read()
    return settings, [*diagnostics, *sorted(reader.diagnostics, key=lambda diagnostic: diagnostic.line)]


@dataclass
class _SettingsReader:
    """Turns one document's data into AuthorSettings, reporting and leaving out each bad part."""

    file: str
    document: LinedData
    folder: Path  # where the settings file is: its photo path is relative to it
    root: Path  # the profiles folder: its photo must stay inside
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, path: tuple, reason: str, level=error) -> None:
        where = key_path(path)
        line = self.document.line_of(path)
        self.diagnostics.append(level(self.file, line, f"{where}: {reason}" if where else reason))

    def read(self) -> AuthorSettings | None:
        for path, line, reason in self.document.problems:
            where = key_path(path)
            self.diagnostics.append(error(self.file, line, f"{where}: {reason}" if where else reason))
        data = self.document.data
        if not isinstance(data, dict):
            got = "nothing" if data is None else "a list" if isinstance(data, list) else "a single value"
            self.report(
                (), f"expected keys and values (author: Ada Marlowe, ...), got {got}: nothing of this file is used"
            )
            return None
        # A list item already reported (an explicit tag) is None here: the schema need not say so again.
        problems = [problem for problem in check(AUTHOR_SCHEMA, data) if problem.path not in self.document.left_out]
        fatal = any(not problem.drop or problem.drop == ("author",) for problem in problems)
        for problem in problems:
            self.report(problem.path, problem.reason + (": nothing of this file is used" if fatal else ""))
        if fatal:
            return None
        data = without(data, [problem.drop for problem in problems])
        data = self._clean_text(data, ())
        if "author" not in data:
            return None  # its text was all invisible characters: reported as empty by _clean_text
        return AuthorSettings(
            author=data["author"],
            source=self.file,
            line=self.document.line_of(("author",)),
            name=data.get("name"),
            variants=tuple(v for v in data.get("variants", ()) if v is not None),
            orcid=self._orcid(data.get("orcid")),
            homepage=self._url(("homepage",), data.get("homepage")),
            affiliation=data.get("affiliation"),
            photo=self._photo(data.get("photo")),
            bio=data.get("bio"),
            links=self._links(data.get("links", {})),
            selected=self._references("selected", data.get("selected", [])),
            hidden=self._references("hidden", data.get("hidden", [])),
            papers=self._papers(data.get("papers", [])),
            publications=self._publications(data.get("publications", [])),
        )

    def _clean_text(self, value, path: tuple):
        """Text with control, bidi and invisible characters removed (reported), one-line values on one line;
        a value left empty is reported and left out (None)."""
        if isinstance(value, dict):
            cleaned = {key: self._clean_text(item, (*path, key)) for key, item in value.items()}
            return {key: item for key, item in cleaned.items() if item is not None}
        if isinstance(value, list):  # an item left out stays None: the others keep their positions, and lines
            return [
                None if item is None else self._clean_text(item, (*path, index)) for index, item in enumerate(value)
            ]
        text = value
        if _is_url(path):
            return text  # an address with invisible characters in it is refused whole (safe_url), not mended
        cleaned = LONE_SURROGATE.sub("", remove_unsafe_characters(text))
        if cleaned != text:
            text = cleaned
            self.report(path, "removed control, bidi-override or invisible characters", warning)
        text = text.strip() if path in _MULTILINE else " ".join(text.split())
        if not text:
            self.report(path, "is empty")
            return None
        return text

    def _orcid(self, value: str | None) -> str | None:
        if value is None:
            return None
        orcid = normalise_orcid(value)
        if orcid is None:
            self.report(("orcid",), f"{shown(value)} {orcid_problem(value)}")
        return orcid

    def _url(self, path: tuple, value: str | None, convert=safe_url) -> str | None:
        if value is None:
            return None
        url = convert(value)
        if url is None:
            self.report(
                path,
                f"{shown(value)} is not a safe web address: only http:// and https:// addresses with a "
                "host, without spaces, quotes or a user name, are allowed",
            )
        return url

    def _links(self, links: dict) -> tuple[Link, ...]:
        converters = {"mastodon": mastodon_url, "bluesky": bluesky_url}
        found = []
        for kind, label in LINK_KINDS.items():  # in a fixed order, whatever the file's
            if kind in links:
                if kind in converters and converters[kind](links[kind]) is None:
                    handle = "@name@server.social" if kind == "mastodon" else "@name.bsky.social"
                    self.report(
                        ("links", kind),
                        f"{shown(links[kind])} is neither a safe web address nor a {label} handle ({handle})",
                    )
                    continue
                url = self._url(("links", kind), links[kind], converters.get(kind, safe_url))
                if url:
                    found.append(Link(kind, label, url))
        return tuple(found)

    def _photo(self, value: str | None) -> Photo | None:
        full = self._local_file(("photo",), value, "the image")
        if full is None:
            return None
        try:
            return prepare_photo(full)
        except PhotoError as problem:
            self.report(("photo",), f"{shown(value)} {problem}")
            return None

    def _publications(self, values: list[str]) -> tuple[Path, ...]:
        found = []
        for index, value in enumerate(values):
            full = self._local_file(("publications", index), value, "the file")
            if full is None:
                continue
            if not full.is_file() or is_settings_file(full) or full.suffix.lower() in IMAGE_SUFFIXES:
                self.report(
                    ("publications", index),
                    f"{shown(value)} is not a source file (a .bib, CSL-JSON, arXiv or ORCID file)",
                )
            elif full not in found:
                found.append(full)
        return tuple(found)

    def _local_file(self, path: tuple, value: str | None, what: str) -> Path | None:
        """The file a settings value names, relative to the settings file and inside the profiles folder; None,
        reported, when it is not one (an address, an absolute path, a way out of the folder, nothing there)."""
        if value is None:
            return None
        if safe_url(value) or "://" in value:
            self.report(
                path, f"{shown(value)}: files are never fetched: put {what} beside this settings file and give its name"
            )
            return None
        written = PurePosixPath(value.replace("\\", "/"))
        if written.is_absolute() or (len(value) > 1 and value[1] == ":"):
            self.report(path, f"{shown(value)} is an absolute path: give its path relative to this settings file")
            return None
        full = (self.folder / written).resolve()  # links followed: a link out of the folder leads out
        if not full.is_relative_to(self.root.resolve()):
            self.report(path, f"{shown(value)} leads outside the profiles folder: {what} must be inside it")
            return None
        if not full.exists():
            self.report(path, f"{shown(value)}: no such file next to this settings file")
            return None
        return full

    def _references(self, key: str, values: list[str]) -> tuple[PaperReference, ...]:
        references = []
        for index, text in enumerate(values):
            if text is None:
                continue  # left out, reported
            reference = self._reference((key, index), text)
            if reference is not None:
                references.append(reference)
        return tuple(references)

    def _reference(self, path: tuple, text: str) -> PaperReference | None:
        reference = parse_reference(text, self.file, self.document.line_of(path), key_path(path))
        if reference is None:
            self.report(path, f"{shown(text)} is not a DOI, an arXiv id or a title: it has no words to match by")
        return reference

    def _papers(self, entries: list[dict]) -> tuple[PaperAdditions, ...]:
        found = []
        for index, entry in enumerate(entries):
            if entry is None or "paper" not in entry:
                continue  # its reference was left out, reported
            reference = self._reference(("papers", index, "paper"), entry["paper"])
            if reference is None:
                continue
            links = {kind: self._url(("papers", index, kind), entry.get(kind)) for kind in PAPER_LINKS}
            found.append(
                PaperAdditions(
                    reference,
                    **links,
                    venue=entry.get("venue"),
                    pub_type=entry.get("type"),
                    award=entry.get("award"),
                    note=entry.get("note"),
                )
            )
        return tuple(found)


# --- using settings with a portfolio ---------------------------------------------------------------------


def attach_settings(
    settings: list[AuthorSettings], authors: list[Author]
) -> tuple[dict[str, AuthorSettings], list[Diagnostic]]:
    """Each settings file's author among the profiled `authors` (by name, any spelling of it, or slug): their
    settings by author slug; a file that names no profiled author is reported and not used."""
    by_key = {author.key: author for author in authors}
    by_slug = {author.slug: author for author in authors if author.slug}
    attached: dict[str, AuthorSettings] = {}
    notes: list[Diagnostic] = []
    for item in settings:
        author = by_slug.get(item.author) or by_key.get(normalise_name(item.author))
        if author is None:
            close = difflib.get_close_matches(item.author, [a.name for a in authors], n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            notes.append(
                warning(
                    item.source,
                    item.line,
                    f"author: {shown(item.author)} is no profiled author: these settings are not used{hint}",
                )
            )
            continue
        if author.slug in attached:
            notes.append(
                error(
                    item.source,
                    item.line,
                    f"author: {author.name!r} already has a settings file "
                    f"({attached[author.slug].source}): this one is not used",
                )
            )
            continue
        attached[author.slug] = item
    return attached, notes


@dataclass(frozen=True)
class ResolvedPapers:
    """A settings file's references turned into paper ids: pinned and hidden papers, additions by paper."""

    selected: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    additions: dict[str, PaperAdditions] = field(default_factory=dict)


def resolve_papers(settings: AuthorSettings, papers) -> tuple[ResolvedPapers, list[Diagnostic]]:
    """The papers among `papers` (a dict by id, or Paper objects, or a PaperMatcher) that the settings name; a
    reference that matches nothing is a warning at its line. A paper both selected and hidden is shown."""
    matcher = papers if isinstance(papers, PaperMatcher) else PaperMatcher(papers)
    notes: list[Diagnostic] = []

    def resolve(reference: PaperReference) -> str | None:
        paper_id = matcher.match(reference)
        if paper_id is None:
            near = matcher.nearest_title(reference)
            hint = f" (did you mean {shown(near, 100)}?)" if near else ""
            what = {"doi": "DOI", "arxiv": "arXiv id", "title": "title"}[reference.kind]
            notes.append(
                warning(
                    reference.file,
                    reference.line,
                    f"{reference.where}: no paper of theirs has the {what} {shown(reference.text)}{hint}",
                )
            )
        return paper_id

    def resolve_all(references, shown_anyway: list[str]) -> list[str]:
        ids: list[str] = []
        for reference in references:
            paper_id = resolve(reference)
            if paper_id is None:
                continue
            if paper_id in ids:
                notes.append(
                    warning(
                        reference.file,
                        reference.line,
                        f"{reference.where}: {shown(reference.text)} names a paper listed before: listed once",
                    )
                )
            elif paper_id in shown_anyway:
                notes.append(
                    warning(
                        reference.file,
                        reference.line,
                        f"{reference.where}: {shown(reference.text)} is also selected: it is shown",
                    )
                )
            else:
                ids.append(paper_id)
        return ids

    selected = resolve_all(settings.selected, [])
    hidden = resolve_all(settings.hidden, selected)
    additions: dict[str, PaperAdditions] = {}
    for entry in settings.papers:
        paper_id = resolve(entry.reference)
        if paper_id is None:
            continue
        if paper_id in additions:
            notes.append(
                warning(
                    entry.reference.file,
                    entry.reference.line,
                    f"{entry.reference.where}: {shown(entry.reference.text)} names a paper given "
                    "additions before: these are not used",
                )
            )
            continue
        additions[paper_id] = entry
    return ResolvedPapers(tuple(selected), tuple(hidden), additions), notes
