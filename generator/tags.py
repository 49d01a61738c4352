"""`!!python/name:generator.tags.newest_first` in mkdocs.yml (and in sites made by `portfolio new`) names this."""

from generator.mkdocs.tags import newest_first

__all__ = ["newest_first"]
