"""Site search: records made from the portfolio model, indexed by Pagefind into small files that a
visitor's browser downloads only as a query needs them (the search box is theme_overrides/partials/search.html)."""

from generator.search.pagefind_index import FOLDER, SearchIndexError, write_search_index
from generator.search.records import FACETS, SearchRecord, portfolio_records, readable

__all__ = [
    "FACETS",
    "FOLDER",
    "SearchIndexError",
    "SearchRecord",
    "portfolio_records",
    "readable",
    "write_search_index",
]
