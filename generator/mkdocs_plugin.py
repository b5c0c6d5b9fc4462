"""MkDocs plugin ``archive-site``: makes archived text safe in templates and
gives the theme what it shows around an article (date, reading time, labels).

MkDocs renders templates without autoescaping, and Material prints
``page.meta.title`` and ``description`` as they are; archived titles are text,
so they are escaped here once, before any template sees them.
"""

from __future__ import annotations

import html
import math
from datetime import date
from typing import Any

from mkdocs.plugins import BasePlugin

from .i18n import format_date, labels

WORDS_PER_MINUTE = 200


class ArchiveSitePlugin(BasePlugin):  # type: ignore[type-arg]
    """Escapes front matter text and adds the ``archive`` template variable."""

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str):
                page.meta[key] = html.escape(value, quote=True)
        when = page.meta.get("date")
        if isinstance(when, date):
            # Shown in listings of other pages (tag pages), which see only meta.
            page.meta["date_text"] = format_date(
                when, str(page.meta.get("date_precision", "day")),
                str(page.meta.get("language", config["theme"]["language"])))
        return markdown

    def on_page_context(self, context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
        meta = page.meta
        site_language = config["theme"]["language"]
        words = labels(site_language)
        info: dict[str, Any] = {"labels": words, "is_article": "source" in meta}
        if isinstance(meta.get("date"), date):
            info["date_iso"] = meta["date"].isoformat()
            info["date_text"] = meta.get("date_text")
        if isinstance(meta.get("word_count"), int):
            info["reading"] = words["reading"].format(n=max(1, math.ceil(meta["word_count"] / WORDS_PER_MINUTE)))
        removed = meta.get("removed") or []
        if removed:
            info["removed_label"] = (words["removed_one"] if len(removed) == 1
                                     else words["removed"].format(n=len(removed)))
        context["archive"] = info
        return context
