"""Sort keys for Material's tags plugin, so category listings show papers newest first."""

from __future__ import annotations


def newest_first(mapping) -> tuple[str, str]:
    """Key for `listings_sort_by` (with `listings_sort_reverse: true`): date, then title."""
    meta = getattr(mapping.item, "meta", {}) or {}
    data = meta.get("portfolio") or {}
    return (str(data.get("date") or ""), str(data.get("title") or mapping.item.title or ""))
