"""Stage 4, rendering: the portfolio as Markdown pages (front matter + HTML body) from Jinja templates.

Every value from a source file enters the templates as data and leaves them HTML-escaped
(autoescape), except abstracts, whose `$...$` math becomes sanitised MathML. Front matter is written
by a YAML dumper; the `title` and `description` it carries are HTML-escaped because MkDocs and Material
print them into pages unescaped, while `portfolio.title` keeps the exact title.

`site.py` holds the renderer (one job per page), `pages.py` the page as data and its front matter,
`environment.py` the Jinja environment and the link helpers templates use, `metadata.py` the JSON-LD.
"""

from generator.layout import SiteOptions
from generator.render.environment import PageContext, human_date, make_environment
from generator.render.pages import GeneratedPage, early_meta, front_matter, page_meta
from generator.render.site import HOME_AUTHORS, PageJob, SiteRenderer, render_site

RenderOptions = SiteOptions  # the name the rest of the code base used before the options moved to `layout`

__all__ = [
    "HOME_AUTHORS",
    "GeneratedPage",
    "PageContext",
    "PageJob",
    "RenderOptions",
    "SiteOptions",
    "SiteRenderer",
    "early_meta",
    "front_matter",
    "human_date",
    "make_environment",
    "page_meta",
    "render_site",
]
