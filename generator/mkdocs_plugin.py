"""MkDocs plugin ``archive-site``: makes archived text safe in templates and
gives the theme what it shows around an article (date, reading time, labels).

MkDocs renders templates without autoescaping, and Material prints
``page.meta.title`` and ``description`` as they are; archived titles are text,
so they are escaped here once, before any template sees them.
"""

from __future__ import annotations

import html
import math
import os
import posixpath
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import unquote

from markdown.extensions.toc import slugify
from mkdocs.config import config_options
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from .i18n import format_date, labels, language_attributes, other_language, site_words_attributes, tag_language
from .link import make_slug
from .model import INLINE_LINK
from .textnorm import similar

log = get_plugin_logger("archive-site")

WORDS_PER_MINUTE = 200
# The headings of an article page's two link lists (see write.article_page), as Markdown renders them.
_LISTS_MARK = "<!--archive-lists-->"
_LIST_HEADING = re.compile(r'<h2(?=[^>]*\sid="(?:related|neighbours)")')
# The list of "related in this archive" under its heading: other articles, most in the site's language.
_NEIGHBOURS_LIST = re.compile(r'(<h2[^>]*\sid="neighbours"[^>]*>.*?</h2>\s*<div class="archive-links")', re.S)
_FIGURE_SRC = re.compile(r'(?P<head><figure class="archive-figure"><img src=")(?P<src>(?![a-z][a-z0-9+.-]*:|/)[^"]*)"')
# The blocks of HTML in generated pages (see write._listing): listings, the topics table, an article's
# lists of links and the paragraphs past its search lead. Their links to pages name the pages' paths in
# docs_dir. Not a <div markdown>, whose Markdown MkDocs must render.
_HTML_BLOCK = re.compile(r'^<div class="archive-(?:listing|topics|links|more)"(?: data-search-exclude)?>\n.*?\n</div>$',
                         re.M | re.S)
_PAGE_HREF = re.compile(r'href="(?P<path>[^":#?]+\.md)"')


@dataclass(frozen=True)
class TagChip:
    """What Material's ``partials/tags.html`` shows of a tag: its name, linked to its page."""

    name: str
    url: str | None
    hidden: bool = False


def _tag_name(name: str, site_language: str) -> str:
    """A tag chip's name as HTML: escaped, and marked as in its language where that is not the site's."""
    text = html.escape(name, quote=False)
    language = tag_language(name, site_language)
    return f"<span{language_attributes(language)}>{text}</span>" if language else text


class ArchiveSitePlugin(BasePlugin):  # type: ignore[type-arg]
    """Escapes front matter text, links tag chips to the generated tag pages and adds the
    ``archive`` template variable.

    With ``shards`` > 1 (set by ``generator.build.build_site``, which runs one build per core),
    this build makes only its ``shard`` of the pages; with ``only``, only the pages listed (by
    their path in docs_dir: the pages that changed since the site was last built). Either way it
    notes every page's path and URL in MkDocs' order (``pages``), for joining the outputs. The tag chips
    of its pages link to tag pages it leaves out too: ``tag_pages`` (page path → tag) saves reading
    their front matter for that. With ``only``, the build's docs_dir may hold those pages alone:
    ``source_dir`` then holds all of them, and a page a link or the nav names is taken from there
    (see ``_PagesOnDemand``); ``pages`` then lists this build's pages alone.
    """

    config_scheme = (
        ("template_cache", config_options.Optional(config_options.Type(str))),
        ("shard", config_options.Type(int, default=0)),
        ("shards", config_options.Type(int, default=1)),
        ("only", config_options.Optional(config_options.Type(list))),
        ("tag_pages", config_options.Optional(config_options.Type(dict))),
        ("source_dir", config_options.Optional(config_options.Type(str))),
    )

    def __init__(self) -> None:
        super().__init__()
        self.tag_urls: dict[str, str] = {}  # tag name → its page's URL, from the pages read
        self.pages: list[tuple[str, str]] = []  # (path in docs_dir, URL) of every page, in MkDocs' order
        # Blocks of HTML cut from a page's Markdown until its HTML is made, by page; and the paragraph
        # each leaves in their place, unlike any text of the page's own.
        self.blocks: dict[str, list[str]] = {}
        self.placeholder = f"archive-site-block-{secrets.token_hex(8)}-"
        self.marked: Any = None  # the navigation's page marked for the page being rendered (see on_page_context)
        self.in_nav: dict[str, Any] = {}  # the navigation's pages, by their path in docs_dir (see on_nav)

    def on_pre_build(self, config: Any) -> None:
        self.tag_urls = {}

    @event_priority(50)  # before the search plugin's, which renders a template of the theme
    def on_config(self, config: Any) -> Any:
        config["mdx_configs"].setdefault("toc", {}).setdefault("slugify", _heading_id)
        only = self.config.get("only") is not None
        if only:
            # An update of a few pages: the site keeps its 404 page, and generator.build writes the
            # sitemap over all pages itself (the template would list only these).
            config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
        if not config["use_directory_urls"]:
            # A copy for disk (x.html) has no sitemap: it listed x.html at the published address, where the page
            # is x/ (or, without site_url, addresses from the root of a disk).
            config.theme.static_templates.discard("sitemap.xml")
        folder = self.config.get("template_cache")
        if folder or only:
            config.theme.get_env = partial(_theme_env, config.theme.get_env, folder, listed=not only)
        return config

    def on_files(self, files: Any, config: Any) -> Any:
        if not config["use_directory_urls"] and (template := files.get_file_from_path("sitemap.xml")) is not None \
                and not template.is_documentation_page():
            files.remove(template)  # the theme's template, which MkDocs copies as it is when it renders no sitemap
        pages = list(files.documentation_pages())
        self.pages = [(f.src_uri, "" if f.url in (".", "./") else f.url) for f in pages]  # as Page.url
        only, shards = self.config.get("only"), self.config["shards"]
        if only is not None:
            wanted = set(only)
            self._exclude(files, [f for f in pages if f.src_uri not in wanted], static=True)
            source = self.config.get("source_dir")
            if source is not None:
                files = _PagesOnDemand(files, source, config)
                for path, tag in (self.config.get("tag_pages") or {}).items():
                    if tag not in self.tag_urls and (page := files.get_file_from_path(path)) is not None:
                        self.tag_urls[tag] = page.url
        elif shards > 1:
            shard = self.config["shard"]
            # every n-th page: listing pages cost more per byte than articles, and they come together
            self._exclude(files, [f for n, f in enumerate(pages) if n % shards != shard], static=shard > 0)
        return files

    def _exclude(self, files: Any, pages: list[Any], static: bool) -> None:
        """Leave ``pages`` out of this build, and with ``static`` the static files too (copied by
        another build, or already in the site)."""
        known = self.config.get("tag_pages")  # page path → tag, when the caller has read them already
        for file in pages:
            file.inclusion = InclusionLevel.EXCLUDED
            if not file.src_uri.startswith("tags/"):
                continue
            tag = known.get(file.src_uri) if known is not None else tag_of_page(file.abs_src_path)
            if tag:  # the tag chips of this build's articles still link to the page
                self.tag_urls[tag] = file.url
        if static:
            for file in files:
                if not file.is_documentation_page():
                    file.inclusion = InclusionLevel.EXCLUDED

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        # MkDocs reads every page before it renders any, so all tag pages are known in on_page_context.
        tag = page.meta.get("archive_tag")
        if isinstance(tag, str):
            self.tag_urls[tag] = page.url
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str):
                page.meta[key] = html.escape(value, quote=True)
        when = page.meta.get("date")
        if isinstance(when, date):
            # Shown in listings of other pages (tag pages), which see only meta.
            page.meta["date_text"] = format_date(when, str(page.meta.get("date_precision", "day")),
                                                 config["theme"]["language"])
        # The generated blocks of HTML go past Markdown, back into the page's HTML in on_page_content:
        # Python-Markdown would only pass them through, after its HTML parser read them (0.35 ms for an
        # article's paragraphs past the search lead).
        cut: list[str] = []

        def placeholder(match: re.Match[str]) -> str:
            cut.append(match.group())
            return f"{self.placeholder}{len(cut) - 1}"

        markdown = _HTML_BLOCK.sub(placeholder, markdown)
        if cut:
            self.blocks[page.file.src_uri] = cut
        return markdown

    def on_page_content(self, html_text: str, page: Any, config: Any, files: Any) -> str:
        for n, block in enumerate(self.blocks.pop(page.file.src_uri, ())):
            mark = f"{self.placeholder}{n}"
            if f"<p>{mark}</p>" in html_text:
                html_text = html_text.replace(f"<p>{mark}</p>", _linked(block, page, files), 1)
            else:  # not a block of its own after all: in a hand-written code block, say; shown as written
                html_text = html_text.replace(mark, html.escape(block), 1)
        if _hand_written(page.meta):
            # Once the page is whole: its author may write a block that looks like a generated one, or
            # put one where it lands inside an attribute.
            html_text = safe_html(html_text)
        # Figures are raw HTML, which MkDocs leaves alone; their relative src is
        # relative to the Markdown file and must become relative to the page URL.
        def rebase(match: re.Match[str]) -> str:
            target = _docs_path(page, match["src"])
            return f'{match["head"]}{html.escape(get_relative_url(target, page.url), quote=True)}"'

        html_text = _FIGURE_SRC.sub(rebase, html_text)
        if own := _own_language(page.meta, config["theme"]["language"]):
            # The article's text is in its own language (see main.html), and so are the headlines of its
            # "Mehr zum Thema" list, from the same publisher; the lists' headings are the site's, and so are
            # most titles of "related in this archive". A screen reader reads each as it is marked.
            marks = site_words_attributes(html.escape(config["theme"]["language"], quote=True), own)
            html_text = _NEIGHBOURS_LIST.sub(rf"\1{marks}", html_text, count=1)
            html_text = _LIST_HEADING.sub(f"<h2{marks}", html_text)
        if "source" in page.meta and (lists := _LIST_HEADING.search(html_text)):
            # Where the article's text ends and its lists of links begin (see on_page_context).
            html_text = html_text[:lists.start()] + _LISTS_MARK + html_text[lists.start():]
        return html_text

    def on_page_context(self, context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
        meta = page.meta
        site_language = config["theme"]["language"]
        words = labels(site_language)
        own = _own_language(meta, site_language)
        info: dict[str, Any] = {"labels": words, "is_article": "source" in meta, "language": own,
                                "language_attributes": language_attributes(own)}
        if isinstance(meta.get("date"), date):
            # As precise as the date shown (<time datetime="2025-10"> under "Oktober 2025").
            info["date_iso"] = meta["date"].isoformat()[:_ISO_LENGTH.get(str(meta.get("date_precision")), 10)]
            info["date_text"] = meta.get("date_text")
        if isinstance(meta.get("updated"), date):
            info["updated_iso"] = meta["updated"].isoformat()
            info["updated_text"] = format_date(meta["updated"], "day", site_language)
        if isinstance(meta.get("word_count"), int) and meta["word_count"] > 0:  # a title alone takes no time
            info["reading"] = words["reading"].format(n=max(1, math.ceil(meta["word_count"] / WORDS_PER_MINUTE)))
        if info["is_article"]:
            # The text, then the lists of links: main.html puts the removed boilerplate between, after the text
            # it came with, not under "related in this archive".
            info["text"], _, info["lists"] = (page.content or "").partition(_LISTS_MARK)
            info["headline_id"] = HEADLINE_ID
            page.toc = _headed(page.toc, page.title)
            alt, title = str(meta.get("image_alt") or ""), html.unescape(str(meta.get("title") or ""))
            info["hero_caption"] = _hero_caption(alt, title)
        removed = meta.get("removed") or []
        if removed:
            info["removed"] = [_readable(str(paragraph)) for paragraph in removed]
            info["removed_label"] = (words["removed_one"] if len(removed) == 1
                                     else words["removed"].format(n=len(removed)))
        if not config["use_directory_urls"]:
            page.canonical_url = None  # a copy for disk names no address (see on_config)
        tag = meta.get("archive_tag")
        if isinstance(tag, str) and config.get("site_url"):  # a tag's first page; its feed (see write.feed_pages)
            info["feed"] = {"path": page.file.src_uri.removesuffix(".md") + ".xml", "title": tag}
        context["archive"] = info
        tags = meta.get("tags")
        if isinstance(tags, list) and "tags" not in context:
            # Material's tags partial renders these chips; its tags plugin, which would make
            # them, is not used (write.py lists each tag's articles on the tag's page).
            # A name in another language's letters is marked as in it (Material's partial shows the name as
            # given: tag names hold no markup, see parse, and are escaped here all the same).
            context["tags"] = [TagChip(_tag_name(str(name), site_language), self.tag_urls.get(str(name)))
                               for name in tags]
        # A tag's or a year's page is not in the navigation: the sidebar marks the index it belongs to
        # (Themen, Archiv), as it marks a page of the navigation itself.
        self._unmark()
        self.marked = _index_in_nav(page.file.src_uri, self.in_nav)
        if self.marked is not None:
            self.marked.active = True
        return context

    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        self.in_nav = {item.file.src_uri: item for item in nav.pages}
        return nav

    def on_template_context(self, context: dict[str, Any], template_name: str, config: Any) -> dict[str, Any]:
        # The site's words for the templates that are no page (404.html): Material writes its 404 in English.
        context.setdefault("archive", {"labels": labels(config["theme"]["language"])})
        if template_name == "404.html" and not config["use_directory_urls"]:
            # A copy for disk: the page is opened from its folder, not served for any address; its links and
            # styles, from the site's root ("/"), led to the disk's root (file:///index.html).
            context["base_url"] = "."
        return context

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        self._unmark()
        return output

    def _unmark(self) -> None:
        if self.marked is not None:
            self.marked.active = False  # as MkDocs unmarks each page once rendered
            self.marked = None


def _index_in_nav(path: str, listed: Mapping[str, Any]) -> Any:
    """For a page not in the navigation, the navigation's page that is the index of the nearest folder
    above it that has one there (``tags/index.md`` for ``tags/hochwasser.md`` and ``tags/hochwasser/2.md``);
    None for a page of the navigation, or in the top folder, or under no such index (an article: its
    year's page is not in the navigation either). ``path``: the page's path in docs_dir; ``listed``: the
    navigation's pages, by theirs."""
    if path in listed:
        return None
    folder = posixpath.dirname(path)
    while folder:
        if (index := listed.get(f"{folder}/index.md")) is not None:
            return index
        folder = posixpath.dirname(folder)
    return None


_ISO_LENGTH = {"month": 7, "year": 4}  # of a date of that precision: 2025-10, 2025
HEADLINE_ID = "archive-headline"  # an article's tags and h1, written by theme/main.html outside its content


def _headed(toc: TableOfContents, title: str) -> TableOfContents:
    """An article's table of contents under its headline: Material's skip link goes to the first entry
    of a page's table, which was its first list's heading, past its whole text. Material shows the
    entries under a first entry of level 1, so its table of contents shows as before."""
    headline = AnchorLink(title, HEADLINE_ID, 1)
    headline.children = _kept_ids(toc)
    return TableOfContents([headline])


def _kept_ids(items: Iterable[AnchorLink]) -> list[AnchorLink]:
    """The entries of a table of contents whose ids the page keeps: an id starting with ``_`` is taken off
    a hand-written page's heading (see ``_theirs_alone``), and its entry would lead to Material's own."""
    kept: list[AnchorLink] = []
    for item in items:
        item.children = _kept_ids(item.children)
        kept.extend(item.children if item.id.startswith("_") else [item])
    return kept


def _hand_written(meta: Mapping[str, Any]) -> bool:
    """Whether a page is an article of a ``.md`` file, whose Markdown the page holds as written."""
    source = meta.get("source")
    return isinstance(source, dict) and str(source.get("file", "")).lower().endswith(".md")


# What a hand-written article's HTML keeps: the markup Markdown and its extensions make (headings with
# their anchors, lists, tables, code, footnotes, figures, admonitions), with classes, ids and languages.
_SAFE_ATTRIBUTES = {"*": {"class", "id", "lang", "title", "dir", "data-search-exclude"}, "a": {"href", "hreflang"},
                    "img": {"src", "alt", "width", "height", "loading"},
                    "ol": {"start"}, "td": {"align", "colspan", "rowspan"},
                    "th": {"align", "colspan", "rowspan", "scope"}, "time": {"datetime"}}


def safe_html(html_text: str) -> str:
    """``html_text`` without what could run in a reader's browser: scripts, styles, frames, forms, event
    handlers, and links and images to other than http(s), mailto and relative URLs (entities decoded,
    as the browser decodes them). A ``.md`` article is published as written, but raw HTML in it is
    the archived page's own, as untrusted as any text of the archive."""
    import nh3  # here: most archives have no hand-written pages

    return nh3.clean(html_text, attributes=_SAFE_ATTRIBUTES, link_rel=None, url_schemes={"http", "https", "mailto"},
                     clean_content_tags={"script", "style", "template", "noscript"}, attribute_filter=_theirs_alone)


def _theirs_alone(element: str, attribute: str, value: str) -> str | None:
    """An id or class of a hand-written page's own, not the theme's: Material's script reads its settings
    from the element ``#__config`` (one of the page's own, written before Material's, would take its
    place: a clobbered DOM), and its ``md-`` classes lay out the page (an overlay over it, say)."""
    if attribute == "id":
        return None if value.startswith("_") else value
    if attribute in ("href", "src") and value.strip().replace("\\", "/").startswith("//"):
        return None  # another host's, without http(s) (see parse._safe_url)
    if attribute == "class":
        return " ".join(name for name in value.split() if not name.startswith(("md-", "_"))) or None
    return value


def _heading_id(text: str, separator: str) -> str:
    """A heading's anchor spelled as the pages' addresses are (``Größte Themen`` → ``groesste-themen``):
    Markdown's own drops every letter beyond ASCII (``grote-themen``)."""
    return make_slug(text) or slugify(text, separator)


def _own_language(meta: dict[str, Any], site_language: str) -> str:
    """An article page's language when it is not the site's (see ``i18n.other_language``), else ""."""
    return other_language(meta.get("language"), site_language) if "source" in meta else ""


def _docs_path(page: Any, attribute: str) -> str:
    """The path in docs_dir that an HTML attribute of ``page`` names relative to the page's Markdown file."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), html.unescape(attribute)))


def _linked(block: str, page: Any, files: Any) -> str:
    """A block's links to pages, by their path in docs_dir, made the URLs MkDocs makes of such links
    in Markdown (relative to the page's URL); a link to no page is left as it is, and said."""

    def url(match: re.Match[str]) -> str:
        target = unquote(_docs_path(page, match["path"]))  # percent-decoded, as MkDocs looks a link up
        file = files.get_file_from_path(target)
        if file is None:
            log.warning(f"Doc file '{page.file.src_uri}' contains a link '{match['path']}', but the target "
                        f"'{target}' is not found among documentation files.")
            return match.group()
        return f'href="{html.escape(get_relative_url(file.url, page.file.url))}"'

    return _PAGE_HREF.sub(url, block)


def _theme_env(make: Callable[[], Any], template_cache: str | None, listed: bool) -> Any:
    """The theme's Jinja environment as ``make`` (MkDocs' ``Theme.get_env``) makes it, for this build.

    With ``template_cache``, Jinja keeps the templates it compiles there, checked against their source:
    every build compiles Material's templates afresh otherwise (half a second of an update of one page),
    and so does the search plugin, for the template holding its translations, in every build.
    Without ``listed``, the environment lists no templates: MkDocs lists the theme's several thousand
    files to copy its assets, which an update leaves out anyway (they are in the site already)."""
    env = make()
    if template_cache:
        from jinja2 import FileSystemBytecodeCache

        Path(template_cache).mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(template_cache)
    if not listed:
        env.list_templates = lambda *args, **kwargs: []
    return env


class _PagesOnDemand(Files):
    """A build's files, and on demand the others of ``source``, the docs_dir they come from: asked for
    by a link or the nav, such a file is made as MkDocs makes it, excluded from the build (as those the
    ``only`` option leaves out). Only ``get_file_from_path`` sees them, which is all MkDocs asks of the
    files a page links to."""

    def __init__(self, files: Files, source: str, config: Any) -> None:
        super().__init__(files)
        self.source, self.config = source, config
        self.made: dict[str, File | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        uri = PurePath(path).as_posix()  # as Files.get_file_from_path takes it
        found = self.src_uris.get(uri)
        if found is not None:
            return found
        if uri not in self.made:
            file = None
            # a path outside the folder (a link climbing above it) is no file of it
            if not uri.startswith(("/", "../")) and uri != ".." and os.path.isfile(os.path.join(self.source, uri)):
                file = File(uri, self.source, self.config.site_dir, self.config.use_directory_urls)
                file.inclusion = InclusionLevel.EXCLUDED
            self.made[uri] = file
        return self.made[uri]


def tag_of_page(path: str) -> str | None:
    """The tag a generated tag page lists (its front matter's ``archive_tag``), read without
    building the page."""
    with open(path, encoding="utf-8-sig") as handle:
        head = handle.read(4096)  # the front matter comes first and is short
    end = head.find("\n---", 4)
    if not head.startswith("---") or end < 0:
        return None
    tag = get_data(head[: end + 5])[1].get("archive_tag")
    return tag if isinstance(tag, str) else None


def _hero_caption(alt: str, title: str) -> str:
    """The hero's caption: none where its alt text is the headline just above (a screen reader read it twice),
    only the part in brackets where the parse added the picture's title to it (``Headline (Foto: …)``)."""
    if not alt or similar(alt, title):
        return ""
    head, bracket, rest = alt.rpartition(" (")
    return rest[:-1] if bracket and rest.endswith(")") and similar(head, title) else alt


def _readable(paragraph: str) -> str:
    """A removed paragraph as the box shows it, in plain text: a link as its words and its address (mail
    address) in brackets, a picture as its caption; its Markdown showed (``[…](mailto:…)``)."""
    if "](" not in paragraph:
        return paragraph

    def plain(link: re.Match[str]) -> str:
        if link["bang"]:
            return link["text"]
        address = link["url"].removeprefix("mailto:")
        return f"{link['text']} ({address})" if address and address != link["text"] else link["text"] or address

    return INLINE_LINK.sub(plain, paragraph)
