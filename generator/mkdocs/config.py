"""The options of the MkDocs plugin, declared once and validated by MkDocs' own config machinery."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

from generator.environment import AS_OF, command_line
from generator.layout import SiteOptions
from generator.mkdocs.navigation import home_page
from generator.pipeline import source_paths
from generator.readers.dates import DateError, parse_iso_date
from generator.settings import SiteSettings, SiteSettingsError, load_site_settings


class AsOfDate(c.BaseConfigOption[dt.date | None]):
    """A YYYY-MM-DD day (YAML may already have read it as a date), or empty for today."""

    def __init__(self):
        super().__init__()
        self.default = None

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return parse_iso_date(value)
            except DateError:
                pass
        raise base.ValidationError(f"expected a date as YYYY-MM-DD, got {value!r}")


class Count(c.BaseConfigOption[int]):
    """A whole number, zero or more (YAML's `true` is not one)."""

    def __init__(self, default: int):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        raise base.ValidationError(f"expected a whole number, 0 or more, got {value!r}")


class PortfolioConfig(base.Config):
    """`plugins: - portfolio: {...}` in mkdocs.yml."""

    # Sources: where the saved profile pages are, relative to mkdocs.yml.
    profiles = c.Type(str, default="profiles")
    # With no source files there, build the bundled example portfolio so a new site shows something.
    examples = c.Type(bool, default=True)
    # Dates without a year are resolved as of this day (default: the day of the build).
    as_of = AsOfDate()

    # Site: restrict to these author slugs; with exactly one, the site is that author's portfolio.
    authors = c.ListOfItems(c.Type(str), default=[])
    # How many papers the home page lists as newest.
    newest_papers = Count(default=10)
    # How many of the newest papers each Atom feed (the site's, each author's) holds; 0: all of them.
    feed_entries = Count(default=50)
    # Set the navigation (Home, Authors, Papers, Topics, Collections) when mkdocs.yml has no `nav`.
    navigation = c.Type(bool, default=True)

    # Diagnostics: report source-file warnings and errors as MkDocs warnings (so `--strict` fails).
    strict = c.Type(bool, default=False)

    # Organisations that sources spell differently: the name to show -> the other names it appears under
    # (checked against schemas/site-settings.schema.json, one line naming the key per mistake).
    organisations = c.Type(dict, default={})


# The plugins whose effect on pages we know. With any other plugin enabled a build neither renders in a worker
# process nor keeps finished pages between `mkdocs serve` builds: that plugin could change pages in ways
# neither would see.
KNOWN_PLUGINS = frozenset({"search", "material/search", "tags", "material/tags", "portfolio"})


@dataclass(frozen=True)
class Settings:
    """One build's choices: the plugin's options with the command line's on top, and the site options."""

    root: Path  # the folder of mkdocs.yml
    paths: list[Path]  # the sources to read
    watched: list[Path]  # what `mkdocs serve` watches
    note: str | None  # said once when the bundled examples stand in for an empty profiles folder
    as_of: dt.date | None
    authors: list[str]
    strict: bool
    options: SiteOptions
    only_known_plugins: bool  # see KNOWN_PLUGINS
    site: SiteSettings | None = None  # the organisation table (generator/settings)


def settings(plugin: PortfolioConfig, config) -> Settings:
    """Resolve the options of one build (`config`: MkDocs' configuration, validated)."""
    given = command_line()
    as_of, authors, strict = plugin.as_of, list(plugin.authors), plugin.strict
    if given.as_of:
        try:
            as_of = parse_iso_date(given.as_of)
        except DateError:
            raise PluginError(f"{AS_OF}: expected a date as YYYY-MM-DD, got {given.as_of!r}") from None
    if given.authors:
        authors = given.authors
    strict = strict or given.strict
    note = None
    root = Path(config.config_file_path or ".").resolve().parent
    if given.profiles:
        paths = watched = given.profiles
    else:
        profiles_dir = (root / plugin.profiles).resolve()
        watched = [profiles_dir]
        paths, note = source_paths(profiles_dir, plugin.examples)
    docs_dir = Path(config.docs_dir)
    options = SiteOptions(
        directory_urls=config.use_directory_urls,
        home=home_page(docs_dir),
        home_author=authors[0] if len(authors) == 1 else None,
        newest_count=plugin.newest_papers,
        feed_entries=plugin.feed_entries,
        site_name=config.site_name,
        site_url=config.site_url or None,
    )
    try:
        site = (
            load_site_settings({"organisations": plugin.organisations}, config.config_file_path)
            if plugin.organisations
            else None
        )
    except SiteSettingsError as exc:
        raise PluginError(str(exc).splitlines()[0]) from None
    return Settings(
        root, paths, watched, note, as_of, authors, strict, options, set(config.plugins) <= KNOWN_PLUGINS, site
    )
