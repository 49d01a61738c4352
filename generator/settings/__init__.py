"""Settings the researcher writes: one YAML file per profiled author beside the sources (who they are, which
papers to pin, hide or add links to) and the site's tables in mkdocs.yml (organisation aliases).

Both are checked against the JSON Schemas in `generator/settings/schemas/` (the same as `schemas/`); every
problem is one diagnostic naming file, line and key, and a bad key is left out while the rest applies.
"""

from generator.settings.author import (
    LINK_KINDS,
    MAX_SETTINGS_BYTES,
    PAPER_LINKS,
    PUBLICATION_TYPES,
    AuthorSettings,
    Link,
    PaperAdditions,
    ResolvedPapers,
    attach_settings,
    find_settings,
    is_settings_file,
    load_all_settings,
    load_author_settings,
    resolve_papers,
)
from generator.settings.bio import render_bio
from generator.settings.identifiers import normalise_orcid, orcid_is_valid, safe_url
from generator.settings.photo import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, PHOTO_SIDE, Photo, PhotoError, prepare_photo
from generator.settings.references import (
    PaperMatcher,
    PaperReference,
    match_paper,
    normalise_arxiv_id,
    normalise_doi,
    parse_reference,
)
from generator.settings.site import SiteSettings, SiteSettingsError, load_site_settings

__all__ = [
    "LINK_KINDS",
    "MAX_PHOTO_BYTES",
    "MAX_PHOTO_PIXELS",
    "MAX_SETTINGS_BYTES",
    "PAPER_LINKS",
    "PHOTO_SIDE",
    "PUBLICATION_TYPES",
    "AuthorSettings",
    "Link",
    "PaperAdditions",
    "PaperMatcher",
    "PaperReference",
    "Photo",
    "PhotoError",
    "ResolvedPapers",
    "SiteSettings",
    "SiteSettingsError",
    "attach_settings",
    "find_settings",
    "is_settings_file",
    "load_all_settings",
    "load_author_settings",
    "load_site_settings",
    "match_paper",
    "normalise_arxiv_id",
    "normalise_doi",
    "normalise_orcid",
    "orcid_is_valid",
    "parse_reference",
    "prepare_photo",
    "render_bio",
    "resolve_papers",
    "safe_url",
]
