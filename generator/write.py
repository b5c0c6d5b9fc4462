"""Write Markdown pages with YAML front matter into ``docs_dir``.

``docs_dir`` belongs to the generator: a manifest records what it wrote, so a
re-run removes pages whose source is gone, leaves unchanged pages untouched
(same bytes, same modification time) and refuses to touch a folder holding
files it did not write.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import marshal
import os
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache, partial
from itertools import chain, islice
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import attrgetter
from pathlib import Path
from typing import Any, cast

import frontmatter
from frontmatter.default_handlers import YAMLHandler

from .i18n import format_date, labels, language_attributes, other_language, site_words_attributes, tag_language
from .link import ARTICLES, make_slug
from .memo import BodyDigests, Memo, digest
from .model import INLINE_LINK, Article, Block, Image, Paragraph, Related, Source, evolve
from .parallel import map_chunks

MANIFEST = ".archive-site-manifest.json"


class OutputError(Exception):
    """The output folder cannot be written safely; one line for the user."""


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    deleted: int
    pages: int
    # The record of every file docs_dir holds after the run, or None if one was kept from before and
    # changed since (see ``docs_files``).
    records: Mapping[str, _Record] | None = field(default=None, compare=False, repr=False)

    def docs_files(self) -> dict[str, tuple[int, int, int]] | None:
        """docs_dir's files as MkDocs takes them (``build.mkdocs_reads``) with their size, modification
        time and inode, as the run left them, so that the build need not look at each again (0.29 s at
        100,000 pages, 0.05 s to make this); None when the state of one is not known."""
        from .build import mkdocs_reads  # here: only a build asks, and it has MkDocs' side loaded

        if self.records is None or _UNRECORDED in self.records.values():
            return None
        return {rel: record[1:4] for rel, record in self.records.items() if mkdocs_reads(rel)}


# ---------------------------------------------------------------------------
# Markdown that shows archived text as text


_ENTITIES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "&#92;", "`": "&#96;", "*": "&#42;",
    "_": "&#95;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;", "|": "&#124;",
    "~": "&#126;", "^": "&#94;", "=": "&#61;", "#": "&#35;", "!": "&#33;", "$": "&#36;",
}
# A character class finds the few characters to replace; str.translate with a dict table looks
# up every character and is ~15x slower on non-ASCII text.
_ENTITY_CHARS = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+:])")


def _entity(match: re.Match[str]) -> str:
    return _ENTITIES[match[0]]


def md_text(text: str) -> str:
    """Escape plain text for Markdown so that no character has a meaning.

    Characters that Markdown, HTML or common extensions act on become HTML
    entities, which every Markdown renderer shows as the character itself.
    """
    text = _ENTITY_CHARS.sub(_entity, text)
    return _LINE_START.sub(lambda m: f"{m[1]}&#{ord(m[2])};" if m[1] else f"&#{ord(m[3])};", text)


def md_url(url: str) -> str:
    """A URL safe inside Markdown's ``(…)`` link target."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def _html_text(text: str) -> str:
    """Plain text as HTML text (outside attributes, where quotes mean nothing)."""
    return html.escape(text, quote=False)


def _split_links(text: str) -> Iterator[str | re.Match[str]]:
    """A paragraph's text between its inline links and images, and those, in order."""
    pos = 0
    for match in INLINE_LINK.finditer(text):
        yield text[pos:match.start()]
        yield match
        pos = match.end()
    yield text[pos:]


def _paragraph(text: str) -> str:
    if "](" not in text:
        return md_text(text)
    return "".join(md_text(part) if isinstance(part, str) else
                   f"{'!' if part['bang'] else ''}[{md_text(part['text'])}]({md_url(part['url'])})"
                   for part in _split_links(text))


def _html_paragraph(text: str) -> str | None:
    """A paragraph as the HTML that Markdown makes of ``_paragraph(text)``; None when it links to a
    relative URL, which MkDocs rewrites for the page's location only in Markdown."""
    out = []
    for part in _split_links(text) if "](" in text else (text,):
        if isinstance(part, str):
            out.append(html.escape(part))
            continue
        if not part["url"].lower().startswith(("http://", "https://")):
            return None
        target, label = html.escape(md_url(part["url"])), html.escape(part["text"])
        out.append(f'<img alt="{label}" src="{target}">' if part["bang"] else f'<a href="{target}">{label}</a>')
    return f"<p>{''.join(out)}</p>"


def _figure(url: str, alt: str, css: str = "archive-figure") -> str:
    """A picture with its alt text as its caption, which says it for the picture (``alt=""``): a screen
    reader read it twice, and a broken picture showed it twice."""
    src, alt = html.escape(url, quote=True), html.escape(alt, quote=True)
    caption = f"<figcaption>{alt}</figcaption>" if alt else ""
    return f'<figure class="{css}"><img src="{src}" alt="" loading="lazy">{caption}</figure>'


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for clean relative paths, without asking for the working
    directory (relpath makes both paths absolute first, a third of the page rendering time)."""
    parts, base = path.split("/"), start.split("/") if start else []
    if not all(part and part != "." and part != ".." for part in (*parts, *base)):  # also catches "/a", "a//b"
        return posixpath.relpath(path, start or posixpath.curdir)
    common = 0
    for a, b in zip(parts, base, strict=False):
        if a != b:
            break
        common += 1
    rel = [posixpath.pardir] * (len(base) - common) + parts[common:]
    return "/".join(rel) if rel else posixpath.curdir


def _link(from_page: str, to_page: str) -> str:
    return md_url(_relpath(to_page, posixpath.dirname(from_page)))


# ---------------------------------------------------------------------------
# Front matter

# Characters PyYAML refuses or reads as line breaks (NEL, LS, PS); JSON leaves them raw.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = encode_basestring(str(value))  # json.dumps(…, ensure_ascii=False): a YAML double-quoted scalar
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _yaml_lines(value: Any, indent: str) -> list[str]:
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, Mapping):
            lines += [f"{indent}{key}:", *_yaml_lines(item, indent + "  ")] if item else [f"{indent}{key}: {{}}"]
        elif isinstance(item, list | tuple):
            if not item:
                lines.append(f"{indent}{key}: []")
            elif all(not isinstance(i, Mapping) for i in item) and sum(len(str(i)) for i in item) < 200:
                lines.append(f"{indent}{key}: [{', '.join(_yaml_scalar(i) for i in item)}]")
            else:
                lines.append(f"{indent}{key}:")
                for entry in item:
                    if isinstance(entry, Mapping):
                        nested = _yaml_lines(entry, indent + "    ")
                        lines.append(f"{indent}  - {nested[0].lstrip()}")
                        lines += nested[1:]
                    else:
                        lines.append(f"{indent}  - {_yaml_scalar(entry)}")
        else:
            lines.append(f"{indent}{key}: {_yaml_scalar(item)}")
    return lines


class FrontMatterHandler(YAMLHandler):
    """python-frontmatter's YAML handler with a writer for our plain data.

    PyYAML's representer costs ~0.7 ms per article page, most of a 10,000
    article run; this writes the same YAML (keys in order, strings always
    double-quoted, so no title can change the structure) about 10× faster.
    """

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return "\n".join(_yaml_lines(metadata, ""))


_HANDLER = FrontMatterHandler()


def dump_page(body: str, meta: Mapping[str, Any]) -> str:
    """A Markdown page with ``meta`` as YAML front matter, via python-frontmatter."""
    return frontmatter.dumps(frontmatter.Post(body, handler=_HANDLER, **meta)) + "\n"


# ---------------------------------------------------------------------------
# Pages


def front_matter(article: Article) -> dict[str, Any]:
    """The front matter keys another tool can rely on, in a fixed order."""
    meta: dict[str, Any] = {
        "title": article.title,
        "date": article.date,
        "date_precision": article.date_precision,
        **({"updated": article.updated} if article.updated else {}),
        "language": article.language,
        "tags": list(article.tags),
        "description": article.lead,
    }
    if article.image:
        meta["image"] = article.image.url
        meta["image_alt"] = article.image.alt
        if article.image.local:
            meta["image_local"] = article.image.local
    source = {"file": article.source.file, "id": article.source.id,
              "publisher": article.source.publisher, "url": article.source.url}
    meta["source"] = {k: v for k, v in source.items() if v is not None}
    meta["related"] = [{"title": r.title, "url": r.url} if r.url else
                       {"title": r.title, "original": r.original} if r.original else {"title": r.title}
                       for r in article.related]
    meta["word_count"] = article.word_count
    meta["removed"] = list(article.removed)
    return meta


# A related article's title, page path (None: it has no page) and language when not the site's ("" when it is).
Neighbour = tuple[str, str | None, str, str]  # title, page, its language where not the site's, its date as shown


def article_page(article: Article, neighbours: Sequence[Neighbour], language: str,
                 search_lead: int | None = None) -> str:
    """The full Markdown page (front matter and body) for one article; ``neighbours`` are the related
    articles in the archive.

    With ``search_lead``, only the first that many paragraphs go into the
    search index; the rest is marked ``data-search-exclude``.
    """
    path = article.path
    assert path
    if type(article.body) is not tuple:
        # Read once: a stored body (spill.py) reads its texts from its file at each reading, and the page
        # reads it up to four times (the search cut, its slices, the word count).
        article = evolve(article, body=tuple(article.body))
    words = labels(language)

    def figure(image: Image) -> str:
        return _figure(_link(path, image.local) if image.local else image.url, image.alt)

    def markdown(block: Block) -> str:
        return _paragraph(block.text) if isinstance(block, Paragraph) else figure(block.image)

    body = article.body
    rest: str | None = None  # the blocks kept out of search, written as HTML
    cut = search_lead if search_lead is None or article.markdown is not None else _search_cut(body, search_lead)
    if cut is not None and article.markdown is None and len(body) > cut:
        written = [_html_paragraph(b.text) if isinstance(b, Paragraph) else figure(b.image) for b in body[cut:]]
        if all(written):
            # HTML, which Markdown passes through untouched: the same paragraphs as Markdown inside
            # a <div markdown> double the time MkDocs spends on the page's Markdown.
            rest = "\n".join(cast(list[str], written))
            body = body[:cut]
    parts = ([article.markdown] if article.markdown is not None else []) + [markdown(b) for b in body]
    if rest is not None:
        parts.append(f"<div class=\"archive-more\" data-search-exclude>\n{rest}\n</div>")
    elif cut is not None and len(parts) > cut:  # a hand-written page, or a relative link
        kept = "\n\n".join(parts[cut:])
        parts[cut:] = [f"<div class=\"archive-more\" data-search-exclude markdown>\n\n{kept}\n\n</div>"]
    # Link lists are navigation, not article text: kept out of the search index.
    if article.related:
        own = other_language(article.language, language)
        # A headline of the archive in another language than the article's is marked with its own.
        items = [_link_item(r.title, _link(article.path, r.url),
                            language_attributes(other_language(r.language, article.language)))
                 if r.url else _web_item(r, words, language, own) for r in article.related]
        parts.append(_related_heading(words) + "\n\n" + _link_list(items))
    if neighbours:
        parts.append(_neighbours_section(article.path, neighbours, language))
    return dump_page("\n\n".join(parts) + "\n", front_matter(article))


def _search_cut(body: Sequence[Block], paragraphs: int) -> int:
    """How many of ``body``'s blocks go into the search index when ``paragraphs`` of the article's own text do:
    pictures and lines about the article (a byline, a credit: ``Paragraph.is_note``) before them go too, and
    count none. An opening byline was all that was searchable of such an article."""
    if paragraphs == 0:
        return 0
    seen = 0
    for n, block in enumerate(body):
        if isinstance(block, Paragraph) and not block.is_note:
            seen += 1
            if seen == paragraphs:
                return n + 1
    return len(body)


NEIGHBOURS_SHOWN = 5
_HREF = re.compile(r'<a href="([^"]*)"')


def neighbour(article: Article, site_language: str) -> Neighbour:
    """What an article page's "related in this archive" shows of ``article``."""
    return (article.title, article.path, other_language(article.language, site_language),
            shown_date(article, site_language))


def shown_date(article: Article, site_language: str) -> str:
    """An article's date as the site's pages show it beside its title."""
    return format_date(article.date, article.date_precision, site_language)


def shown_neighbours(near: Sequence[Neighbour], linked: Collection[str]) -> list[Neighbour]:
    """What an article page's "related in this archive" shows of ``near``, the related stage's candidates,
    best first: the first ``NEIGHBOURS_SHOWN`` whose page its own "Mehr zum Thema"
    list does not link already (``linked``, page paths), so that no article is offered twice."""
    if not linked:  # most pages: no list to go through
        return list(near[:NEIGHBOURS_SHOWN])
    return [item for item in near if item[1] not in linked][:NEIGHBOURS_SHOWN]


def _linked(article: Article) -> set[str]:
    """The pages an article's "Mehr zum Thema" list links to."""
    return {r.url for r in article.related if r.url}


def _linked_on_page(page: str, path: str, near: Sequence[Neighbour], language: str) -> set[str]:
    """The pages of ``near`` that the "Mehr zum Thema" list of ``page``, the article page ``article_page``
    made at ``path``, links to."""
    start = page.find("\n" + _related_heading(labels(language)) + "\n")
    if start < 0:
        return set()
    end = page.find("\n## ", start + 1)
    hrefs = {html.unescape(href) for href in _HREF.findall(page, start, end if end >= 0 else len(page))}
    return {target for _, target, _, _ in near if target and _link(path, target) in hrefs}


def _related_heading(words: Mapping[str, str]) -> str:
    return f"## {words['related']} {{ #related data-search-exclude }}"


def _neighbours_heading(words: Mapping[str, str]) -> str:
    return f"## {words['neighbours']} {{ #neighbours data-search-exclude }}"


def _neighbours_section(path: str, neighbours: Sequence[Neighbour], language: str) -> str:
    # A title in another language than the site's is marked with it, as in the listings (see _Listed). Each with
    # its date, as in the listings: articles of one title (a story followed up) were links alike. The date is in
    # the site's words, marked so inside a list item or an article in another language.
    return _neighbours_heading(labels(language)) + "\n\n" + _link_list([
        f"<li{language_attributes(own)}>{_anchor(title, _link(path, page or ''))} · "
        f'<span{site_words_attributes(language, "")}>{_html_text(when)}</span></li>'
        for title, page, own, when in neighbours])


def _anchor(text: str, href: str, language: str = "") -> str:
    """A link as HTML, to a page by its path in docs_dir (made a URL by the archive-site plugin); its text
    marked as in ``language`` (see ``i18n.other_language``) where that is given."""
    return f'<a href="{html.escape(href)}"{language_attributes(language)}>{_html_text(text)}</a>'


def _link_item(title: str, href: str, attributes: str = "") -> str:
    return f"<li{attributes}>{_anchor(title, href)}</li>"


def _web_item(related: Related, words: Mapping[str, str], language: str, own: str) -> str:
    """A related headline the archive does not hold: its text, linked to the original on the web where the
    raw file gave its address, marked as such (it may be gone, or blocked, as the article's own source), or
    marked as not in the archive.
    The mark is in the site's ``language``, inside a list in the article's (``own``, when another)."""
    mark = html.escape(words["original" if related.original else "not_archived"])
    if own:
        mark = f"<span{site_words_attributes(language, own)}>{mark}</span>"
    if not related.original:  # among links, a headline alone: the reader is told why it leads nowhere
        return f'<li>{_html_text(related.title)} <span class="archive-absent">({mark})</span></li>'
    return (f'<li><a class="archive-original" href="{html.escape(related.original)}" rel="noopener nofollow">'
            f'{_html_text(related.title)}</a> ({mark})</li>')


def _link_list(items: Sequence[str]) -> str:
    """An article page's list of links to other articles, as HTML out of search, like the listings (see
    _listing): in Markdown, its two lists took two thirds of MkDocs' Markdown time of the page."""
    return '<div class="archive-links" data-search-exclude>\n<ul>\n' + "\n".join(items) + "\n</ul>\n</div>"


def with_neighbours(page: str, path: str, neighbours: Sequence[Neighbour], language: str) -> str | None:
    """The page ``article_page`` made for the article at ``path``, with ``neighbours`` in place of the ones
    it shows (the section is the page's last); None if the page shows none."""
    words = labels(language)
    start = page.rfind("\n\n" + _neighbours_heading(words) + "\n\n")
    if start < 0:
        return None
    return page[:start] + ("\n\n" + _neighbours_section(path, neighbours, language) if neighbours else "") + "\n"


def _headline_topic(title: str, tags: Sequence[str]) -> str | None:
    """The topic the home page names beside a headline, the first of ``tags`` that the headline names, best
    first: all its words as written; all of them, one in the genitive ("Rheinhafens" for "Rheinhafen"); a
    name's last word ("Hoffmann" for "Clara Hoffmann"); else the first of ``tags``. The first by weight
    named the losing candidate under "Clara Hoffmann bleibt Bürgermeisterin". Whole words: "Stadtrat …"
    names no "Rat", "Autobahn …" no "Bahn"."""
    words = set(_WORD.findall(title.casefold()))
    genitives = words | {word[:-len(ending)] for word in words for ending in ("es", "s") if word.endswith(ending)}
    own = [(tag, _WORD.findall(tag.casefold())) for tag in tags]
    for named in (lambda w: words.issuperset(w), lambda w: genitives.issuperset(w),
                  lambda w: len(w) > 1 and w[-1] in words):
        if found := next((tag for tag, w in own if w and named(w)), None):
            return found
    return tags[0] if tags else None


_WORD = re.compile(r"\w+")


def _news_order(newest: Sequence[int], dated: Sequence[bool]) -> Iterator[int]:
    """The indexes ``newest`` (newest first) as the home page's latest and the feeds show them: those
    dated by their text first. One dated by its file alone (its text names no date, or it is a title
    alone) is the newest of all on the day it was copied, not news of that day. The listings of tags
    and years, which show every article, keep the order of the dates they show."""
    return chain((i for i in newest if dated[i]), (i for i in newest if not dated[i]))


class _Listed(dict[str, tuple[str, str, str, str]]):
    """Each article's title, date and lead as HTML text, and its page's path as a link target,
    escaped once for all the listings that show it (its year, each of its tags, the home page), when
    a listing showing it is rendered; ``article(key)`` gives the article."""

    def __init__(self, article: Callable[[str], Article], language: str) -> None:
        super().__init__()
        self.article = article
        self.language = language  # the site's
        self.ups: dict[str, str] = {}  # by listing page: the way up from its folder to docs_dir

    def __missing__(self, key: str) -> tuple[str, str, str, str]:
        a = self.article(key)
        lead = a.lead  # made anew on each reading
        title, lead = _html_text(a.title), _html_text(lead) if lead else ""
        if own := other_language(a.language, self.language):  # a text in another language than the site's
            marks = language_attributes(own)
            title, lead = f'<span{marks}>{title}</span>', f'<span{marks}>{lead}</span>' if lead else ""
        # Dates are the site's words around the articles: written as its language writes them, whatever
        # the article's language, as the page under its title shows it.
        found = self[key] = (title, _html_text(shown_date(a, self.language)), lead,
                             html.escape(a.path or ""))
        return found

    def link(self, page: str, key: str) -> str:
        """The link from listing page ``page`` to the page of article ``key``: the same as ``_link``
        gives, without working it out for each of the 60,000 entries of 10,000 articles' listings."""
        up = self.ups.get(page)
        if up is None:
            folder = posixpath.dirname(page)
            # Listings are never in the articles' folder, so no article's path starts with theirs.
            assert not (folder + "/").startswith(ARTICLES)
            up = self.ups[page] = "../" * (folder.count("/") + 1) if folder else ""
        return up + self[key][3]


def _entry(key: str, page: str, listed: _Listed, tag_link: str = "") -> str:
    title, when, lead, _ = listed[key]  # escaped already, once for all the listings
    line = f'<li><a href="{listed.link(page, key)}">{title}</a> · {when}{tag_link}'
    return f"{line}<br>\n{lead}</li>" if lead else f"{line}</li>"


def _listing(entries: Iterable[str]) -> str:
    """A list of articles as HTML. Written in Markdown, a listing of 100 articles took MkDocs 25 ms to
    render, most of an update after a new article (whose listings are rendered again); the archive-site
    plugin takes blocks of HTML past Markdown and resolves their links to pages (see
    ``mkdocs_plugin.ArchiveSitePlugin.on_page_markdown``). Out of the search index, which has each
    article's own entry."""
    return '<div class="archive-listing" data-search-exclude>\n<ul>\n' + "\n".join(entries) + "\n</ul>\n</div>"


def _page(title: str, body: str, language: str = "", **meta: Any) -> str:
    """A generated page: its title as its heading (marked as in ``language``, where given), then ``body``."""
    return dump_page(f"# {md_text(title)}{' ' + _marked(language) if language else ''}\n\n{body}\n", meta)


def _marked(language: str) -> str:
    """Markdown's attributes (attr_list) marking the heading or link before them as in ``language``."""
    return "{: " + language_attributes(language).strip() + " }" if language else ""


def _page_paths(path: str, count: int, size: int) -> list[str]:
    """The pages of a listing of ``count`` articles, ``size`` per page: ``tags/x.md``, then
    ``tags/x/2.md``, ``tags/x/3.md``, … (newest first: a reader starts with the latest)."""
    stem = path.removesuffix(".md")
    return [path, *(f"{stem}/{n}.md" for n in range(2, -(-count // size) + 1))]


def _listing_pages(path: str, items: Sequence[str], size: int, words: Mapping[str, str]
                   ) -> Iterator[tuple[int, str, Sequence[str], str]]:
    """A listing page by page: its number (from 0), path, articles, and the line linking its neighbours."""
    paths = _page_paths(path, len(items), size)
    for n, page in enumerate(paths):
        yield n, page, items[n * size:(n + 1) * size], _pager(paths, n, words)


def _pager(paths: Sequence[str], n: int, words: Mapping[str, str]) -> str:
    """The line under page ``n`` (from 0) of a listing: links to the newer and the older page."""
    if len(paths) == 1:
        return ""
    page, parts = paths[n], []
    if n > 0:
        parts.append(f"[{md_text(words['newer'])}]({_link(page, paths[n - 1])})")
    parts.append(md_text(words["page_of"].format(n=n + 1, total=len(paths))))
    if n + 1 < len(paths):
        parts.append(f"[{md_text(words['older'])}]({_link(page, paths[n + 1])})")
    return "\n\n" + " · ".join(parts) + "\n{: .archive-pages data-search-exclude }"


def tag_page_paths(tags: Sequence[str]) -> dict[str, str]:
    """``tags/<slug>.md`` per tag, unique even when two tags slug alike."""
    paths: dict[str, str] = {}
    taken: set[str] = {"index"}
    for tag in sorted(tags):
        base = make_slug(tag) or "tag-" + hashlib.sha1(tag.encode()).hexdigest()[:8]
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        paths[tag] = f"tags/{slug}.md"
    return paths


Listing = tuple[str, str, Callable[[], str]]  # path, a digest of what the page shows, its text


@dataclass(frozen=True)
class Catalog:
    """What the listings and feeds read of the whole archive, in the pipeline's order: each article's
    key, date, tags and what they show of it (``shown_digest``); ``article(key)`` gives the article
    itself, asked only for the articles of the pages made (a patched run makes them from records)."""

    keys: Sequence[str]
    dates: Sequence[date]
    tags: Sequence[tuple[str, ...]]
    shown: Sequence[bytes]
    article: Callable[[str], Article]
    dated: Sequence[bool]  # whether each article's date is its text's, not its file's ("archived": see parse)

    @classmethod
    def of(cls, articles: Sequence[Article], shown: Sequence[bytes]) -> Catalog:
        return cls([a.key for a in articles], [a.date for a in articles], [a.tags for a in articles], shown,
                   {a.key: a for a in articles}.__getitem__, [a.dated for a in articles])


# For a patched run, the articles changed since the last run as that run listed them: (date, tags) by
# key, None for a new article (a removed one is not in the catalog any more).
Before = Mapping[str, "tuple[date, tuple[str, ...]] | None"]


@dataclass(frozen=True)
class _Groups:
    """The catalog newest first (indexes), by year and by tag; the tag pages' paths; and, for a patched
    run, the tags and years whose listings may show otherwise (``None``: all)."""

    newest: list[int]
    by_year: dict[int, list[int]]
    by_tag: dict[str, list[int]]
    tag_pages: dict[str, str]
    redo_tags: set[str] | None
    redo_years: set[int] | None

    @classmethod
    def of(cls, catalog: Catalog, before: Before | None) -> _Groups:
        keys, dates, tags = catalog.keys, catalog.dates, catalog.tags
        newest = sorted(range(len(keys)), key=lambda i: (dates[i], keys[i]), reverse=True)
        by_year: dict[int, list[int]] = defaultdict(list)
        by_tag: dict[str, list[int]] = defaultdict(list)
        for i in newest:
            by_year[dates[i].year].append(i)
            for tag in tags[i]:
                by_tag[tag].append(i)
        redo_tags, redo_years = _changed_groups(catalog, before, by_tag) if before is not None else (None, None)
        return cls(newest, by_year, by_tag, tag_page_paths(list(by_tag)), redo_tags, redo_years)


def _changed_groups(catalog: Catalog, before: Before, by_tag: Mapping[str, list[int]]
                    ) -> tuple[set[str] | None, set[int]]:
    """The tags and years that changed articles are or were listed under; None for the tags when the
    archive's tags are others than before: a tag's pages may then take another's path (see
    ``tag_page_paths``). A year's pages have a path of their own."""
    now = {key: (when, tags) for key, when, tags in zip(catalog.keys, catalog.dates, catalog.tags, strict=True)
           if key in before}
    tag_delta: Counter[str] = Counter()
    years: set[int] = set()
    for key, then in before.items():
        for listed, sign in ((now.get(key), 1), (then, -1)):
            if listed is not None:
                years.add(listed[0].year)
                tag_delta.update({tag: sign for tag in set(listed[1])})
    # A tag had as many articles as it has, less its delta: it came or went if one of them is 0.
    same_tags = all((tag in by_tag) == (len(by_tag.get(tag, ())) - delta > 0) for tag, delta in tag_delta.items())
    return (set(tag_delta) if same_tags else None), years


def index_pages(catalog: Catalog, site_name: str, site_description: str, language: str, latest: int = 20,
                page_size: int = 100, groups: _Groups | None = None,
                kept: Callable[[str], str | None] | None = None) -> Iterator[Listing]:
    """Home, topics index, the pages of each tag, and the archive by year and month, one by one as
    ``(path, key, render)``: ``key`` a digest of everything the page shows, ``render()`` its text.
    A listing page whose key is unchanged need not be rendered again: after an edit, only the few
    listings showing the article are, of the hundreds an archive has.

    A tag's or a year's articles are listed ``page_size`` to a page, so that no page grows with the
    archive (a topic on 30,000 of 100,000 articles would otherwise be one 5 MB page). In a patched
    run (``groups`` with tags and years to redo), the pages of the other tags and years come with
    the key ``kept(path)`` gives them, their record's, if it gives one for each.
    """
    words = labels(language)
    groups = groups or _Groups.of(catalog, None)
    keys, shown = catalog.keys, catalog.shown
    listed = _Listed(catalog.article, language)
    tag_pages = groups.tag_pages

    def pages(kind: str, name: object, path: str, group: list[int], redo: Collection[object] | None,
              render: Callable[..., str]) -> Iterator[Listing]:
        paths = _page_paths(path, len(group), page_size)
        recorded = _as_recorded(paths, name, redo, kept)
        if recorded is not None:
            yield from recorded
            return
        items = [keys[i] for i in group]
        seen = [shown[i] for i in group]
        for n, page, chunk, pager in _listing_pages(path, items, page_size, words):
            # marshalled: after an edit, a patched run works out the keys of the listing pages it redoes
            key = _marshal_digest((language, (kind, name, n, pager), seen[n * page_size:(n + 1) * page_size])).hex()
            yield page, key, partial(render, name, n, page, chunk, pager, listed)

    ranked_tags = sorted(((t, len(items)) for t, items in groups.by_tag.items()),
                         key=lambda kv: (-kv[1], kv[0].casefold()))
    years = sorted(((year, len(items)) for year, items in groups.by_year.items()), reverse=True)
    home = [md_text(site_description) if site_description else "", f"## {words['latest']}", ""]
    entries = []
    for i in islice(_news_order(groups.newest, catalog.dated), latest):
        first = _headline_topic(catalog.article(keys[i]).title, catalog.tags[i])
        tag_link = f" · {_anchor(first, _link('index.md', tag_pages[first]), tag_language(first, language))}" \
            if first is not None else ""
        entries.append(_entry(keys[i], "index.md", listed, tag_link))
    if entries:
        home.append(_listing(entries))
    if ranked_tags:
        home += ["", f"## {words['largest_topics']}", ""]
        home += [f"- [{md_text(t)}]({tag_pages[t]}){_marked(tag_language(t, language))} ({n})"
                 for t, n in ranked_tags[:12]]
        home += ["", f"[{words['all_topics']} →](tags/index.md)"]
    home += ["", f"## {words['by_year']}", ""]
    home += [f"- [{year}](archive/{year}.md) ({n})" for year, n in years]
    # The home page, the topics table and the years are ways to other pages, which search finds on their
    # own: out of its index, where a word in a latest article's lead made the home page a result too.
    yield _made("index.md", _page(site_name, "\n".join(home).strip(), hide=["navigation", "toc"],
                                  search={"exclude": True}))

    # HTML as the listings are (see _listing): with hundreds of topics, a Markdown table is slow to render.
    left, right = ' style="text-align: left;"', ' style="text-align: right;"'
    rows = [f"<tr>\n<td{left}>{_anchor(t, posixpath.basename(tag_pages[t]), tag_language(t, language))}</td>\n"
            f"<td{right}>{n}</td>\n</tr>"
            for t, n in ranked_tags]
    head = (f"<tr>\n<th{left}>{_html_text(words['topic'])}</th>\n"
            f"<th{right}>{_html_text(words['articles'])}</th>\n</tr>")
    topics = ('<div class="archive-topics" data-search-exclude>\n<table>\n<thead>\n'
              f'{head}\n</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>\n</div>") if rows else ""
    yield _made("tags/index.md", _page(words["topics"], topics, hide=["toc"]))

    for tag, path in tag_pages.items():
        # Written out here rather than left to Material's tags plugin: its listings cost
        # tags × pages at every build (half of a profiled MkDocs build at 1,000 articles).
        yield from pages("tag", tag, path, groups.by_tag[tag], groups.redo_tags,
                         partial(_tag_listing, topics=words["topics"], numbered=words["page"]))

    yield _made("archive/index.md", _page(words["archive"], "\n".join(f"- [{year}]({year}.md) ({n})"
                                                                      for year, n in years), hide=["toc"],
                                          search={"exclude": True}))
    for year, group in groups.by_year.items():
        yield from pages("year", year, f"archive/{year}.md", group, groups.redo_years,
                         partial(_year_listing, archive=words["archive"], language=language, numbered=words["page"]))


def _as_recorded(paths: Sequence[str], name: object, redo: Collection[object] | None,
                 kept: Callable[[str], str | None] | None) -> list[Listing] | None:
    """The pages ``paths`` of the listing or feed ``name`` with their recorded keys, if the run does not
    make it again (``redo``: what it makes again, None for all) and ``kept`` gives each a recorded key:
    they show what they showed, and are neither keyed nor rendered again. Else None."""
    if redo is None or name in redo or kept is None:
        return None
    recorded = [kept(path) for path in paths]
    if None in recorded:
        return None
    return [(path, key, _recorded) for path, key in zip(paths, recorded, strict=True)]  # type: ignore[misc]


def _recorded() -> str:
    raise AssertionError("a page kept from its record is not rendered")


def shown_digest(article: Article) -> bytes:
    """A digest of what the listings (see _entry) and the feeds show of an article."""
    a = article
    shown = (a.key, a.title, a.path, a.date.isoformat(), a.date_precision, a.language, a.tags, a.lead,
             a.source.publisher, a.updated and a.updated.isoformat())
    return _marshal_digest(shown)


def _made(path: str, text: str) -> Listing:
    """A page rendered at once (the home page and the two indexes: small, showing counts over the
    whole archive), keyed by its text."""
    return path, hashlib.blake2b(text.encode(), digest_size=16).hexdigest(), lambda: text


def _up(page: str, index: str, label: str) -> str:
    """The line above a listing leading back to the index it belongs to (``tags/index.md``,
    ``archive/index.md``): a tag's or a year's page is not in the navigation, and on a narrow screen the
    sidebar, which marks that index (see mkdocs_plugin._index_in_nav), is folded away."""
    return f"[← {md_text(label)}]({_link(page, index)})\n{{: .archive-up data-search-exclude }}\n\n"


# A topic's page in the search index is its name alone, where each article on the topic holds the name in its
# tags and text too: it scored a little below every one of them, so a name's word ("Feldhaus" for "Hannah
# Feldhaus") found the topic's page last. A term's score saturates (a title's weight gives 0.89 of the
# most), so a boost of a quarter puts the page above the articles matching as well, and only those: not
# above one matching more of the query, nor, as a word's start ("Fischer" of "Fischerei"), above one whose
# title holds the word itself. Material's search plugin writes it into the index (``search.boost``), and
# both search workers read it.
TOPIC_BOOST = 1.25


def _tag_listing(tag: str, n: int, page: str, chunk: Sequence[str], pager: str, listed: _Listed,
                 topics: str, numbered: str) -> str:
    # The list is out of search (each article has its own entry); the first page's title is not.
    listing = _listing(_entry(key, page, listed) for key in chunk)
    # Only the first page names the tag in its front matter: the tag chips link there. It ranks above the
    # articles matching its name as well (see TOPIC_BOOST).
    meta: dict[str, Any] = ({"archive_tag": tag, "search": {"boost": TOPIC_BOOST}} if n == 0
                            else {"search": {"exclude": True}})
    return _page(_numbered(tag, n, numbered), _up(page, "tags/index.md", topics) + _above(pager) + listing + pager,
                 tag_language(tag, listed.language) if n == 0 else "",  # "Вельсбург, Seite 2" is in both
                 hide=["toc"], **meta)


def _year_listing(year: int, n: int, page: str, chunk: Sequence[str], pager: str, listed: _Listed,
                  archive: str, language: str, numbered: str) -> str:
    sections: list[str] = []
    entries: list[str] = []
    month = None  # each page starts with its first article's month, continued or not
    for key in chunk:
        article = listed.article(key)
        heading = None
        if article.date_precision != "year" and article.date.month != month:
            month = article.date.month
            heading = format_date(article.date, "month", language)
        elif article.date_precision == "year" and month != 0:
            month = 0
            heading = str(year)
        if heading is not None:
            if entries:
                sections.append(_listing(entries))
                entries = []
            sections.append(f"## {heading}")
        entries.append(_entry(key, page, listed))
    if entries:
        sections.append(_listing(entries))
    # Lists of articles that the index already holds one by one: out of search, which they would bloat.
    return _page(_numbered(f"{archive} {year}", n, numbered),
                 _up(page, "archive/index.md", archive) + _above(pager) + "\n\n".join(sections) + pager,
                 search={"exclude": True})


def _above(pager: str) -> str:
    """The pager line (see _pager) above a listing too: a reader of its first page learns there are more."""
    return pager.strip() + "\n\n" if pager else ""


def _numbered(title: str, n: int, numbered: str) -> str:
    """The title of page ``n`` (from 0) of a listing: a further page says which it is, in its heading and
    in the browser's tab and history, where each said only the tag's or the year's name."""
    return numbered.format(title=title, n=n + 1) if n else title


# ---------------------------------------------------------------------------
# Files


@dataclass(frozen=True)
class Manifest:
    """What the generator wrote into docs_dir, and which source made which page."""

    files: frozenset[str]
    sources: Mapping[str, str]


def _read_manifest(docs_dir: Path) -> Manifest:
    path = docs_dir / MANIFEST
    if not path.exists():
        return Manifest(frozenset(), {})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(frozenset(data["files"]), dict(data.get("sources", {})))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{path}: unreadable manifest ({exc}); delete {docs_dir} to start afresh") from exc


def page_sources(docs_dir: Path) -> dict[str, str]:
    """Which input file made each article page in ``docs_dir``, by page path (the manifest's record);
    empty when the generator has not written there."""
    return {page: source for source, page in _read_manifest(docs_dir).sources.items()}


_TMP_PREFIX = ".tmp-archive-site-"
# In docs_dir while a run adds files the manifest does not list yet: if it is there when a run starts,
# the last one was stopped midway, and the files it made are not taken for someone else's.
WRITING = ".archive-site-writing"
# A written page's key, size, modification time (ns) and inode, and for an article's page, what the
# listings and feeds show of the article (see shown_digest; b"" for other pages). The manifest has
# one too, with its own name as key.
_Record = tuple[str, int, int, int, bytes]
_Stored = tuple[bool, int, int, int]  # a page stored: whether it was written, its size, modification time, inode
_UNRECORDED: _Record = ("", -1, -1, -1, b"")  # a page without a key, written anew whenever it is made


@dataclass(frozen=True, slots=True)
class Page:
    """One file of docs_dir: a digest of everything it shows ("" for a file compared by its bytes
    alone), and its bytes.

    ``data`` is None when docs_dir still holds the page the last run wrote from the same inputs
    (see ``pages_on_disk``): such a page is neither rendered nor read again; and when the process
    that rendered the page stored it in docs_dir already (``stored``: whether it wrote it, and the
    file's size, modification time and inode). ``shown``: for an article's page, a digest of what
    the listings and feeds show of the article, recorded with the page for the next run (which
    takes it from there while the page's key is unchanged).
    """

    key: str
    data: bytes | None
    shown: bytes = b""
    stored: _Stored | None = None


@dataclass(frozen=True)
class OnDisk:
    """What docs_dir holds before a run: the manifest of the files the generator wrote there,
    the record of each page it wrote, and which of those files are still exactly as written."""

    manifest: Manifest
    records: Mapping[str, _Record]
    intact: frozenset[str]
    store: Memo  # where the records are kept between runs
    docs_dir: Path
    leftovers: frozenset[str] = frozenset()  # made by a run stopped before it listed them (see WRITING)

    def holds(self, path: str, key: str) -> bool:
        return path in self.intact and self.records[path][0] == key

    def holds_listing(self, path: str, key: str) -> bool:
        """Whether the listing page at ``path`` is as written from a page key ``key`` (see _listings)."""
        return path in self.intact and self.records[path][0].endswith(":" + key)


def _files(docs_dir: Path) -> set[str]:
    """Every file under ``docs_dir`` (POSIX paths); removes the temporary files of an interrupted
    write of ours, which the next write replaces anyway."""
    found: set[str] = set()
    folders = [(str(docs_dir), "")]
    while folders:
        folder, rel = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((entry.path, f"{rel}{entry.name}/"))
                    elif entry.name.startswith(_TMP_PREFIX):
                        os.unlink(entry.path)
                    elif entry.is_file():
                        found.add(rel + entry.name)
        except FileNotFoundError:  # no docs_dir yet
            continue
    return found


def _intact(docs_dir: Path, recorded: Mapping[str, _Record], files: set[str]) -> frozenset[str]:
    """The recorded pages that ``files`` holds as written: same size, modification time and inode."""
    top = str(docs_dir) + os.sep
    intact = []
    for rel, record in recorded.items():
        if rel in files:
            try:  # os.stat by path: a third quicker than DirEntry.stat while listing the folders
                stat = os.stat(top + rel)
            except FileNotFoundError:  # gone meanwhile
                continue
            if (stat.st_size, stat.st_mtime_ns, stat.st_ino) == record[1:4]:
                intact.append(rel)
    return frozenset(intact)


def pages_on_disk(docs_dir: Path, records: Path | None) -> OnDisk:
    """What the generator wrote into ``docs_dir`` before, with the page records kept in
    ``records`` (a file in the build cache); refuses a folder holding foreign files."""
    manifest = _read_manifest(docs_dir)
    files = _files(docs_dir)
    foreign = sorted(rel for rel in files if rel not in manifest.files and rel != MANIFEST and rel != WRITING)
    if foreign and WRITING not in files:
        raise OutputError(f"{docs_dir}: holds files archive-site did not generate (e.g. {foreign[0]}); "
                          "choose an empty docs_dir or remove them")
    store = Memo(records, context=str(docs_dir))
    recorded: dict[str, _Record] = store.get("pages", {})
    # The others' files are left by a run stopped while it wrote them: replaced or removed like ours.
    return OnDisk(manifest, recorded, _intact(docs_dir, recorded, files), store, docs_dir, frozenset(foreign))


def write_atomic(path: Path | str, data: bytes, make_folder: bool = True) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file.

    The temporary file is a hidden sibling with a fixed name (runs on one docs_dir are serialised
    by the build lock): half the cost of ``tempfile.mkstemp`` per page, at thousands of pages.
    """
    folder, name = os.path.split(path)
    if make_folder:
        os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, _TMP_PREFIX + name)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mark_writing(docs_dir: Path) -> None:
    """Make ``WRITING`` in ``docs_dir`` before the first file the manifest does not list."""
    with _writing(docs_dir / WRITING):
        docs_dir.mkdir(parents=True, exist_ok=True)
        (docs_dir / WRITING).touch()


def _write_new(path: str, data: bytes, make_folder: bool) -> bool:
    """Write a file that is not there yet, in place: half the cost of ``write_atomic``'s temporary file
    and rename, and while ``WRITING`` is there, a file cut short by a stopped run is the next run's to
    replace. False, with nothing written, if the file is there after all."""
    if make_folder:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        handle = open(path, "xb")  # noqa: SIM115 -- removed below if the write fails
    except FileExistsError:
        return False
    try:
        with handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    return True


@contextlib.contextmanager
def _writing(path: Path | str) -> Iterator[None]:
    """A file or folder of docs_dir that cannot be written (permissions, a full disk) stops the run with
    one line naming it: an OutputError."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def _store(file: str, data: bytes, folders: set[str]) -> _Stored:
    """Make ``file`` hold ``data``, its folder made first unless in ``folders`` (the folders made or found
    so far, which it joins): whether the file was written, and its size, modification time and inode
    after. Run by ``write_docs`` and by the workers that render the article pages (``render_pages``)."""
    folder = os.path.dirname(file)
    if folder not in folders:
        with _writing(folder):
            os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    missing = False
    try:
        with open(file, "rb") as handle:
            same = handle.read() == data
    except OSError as exc:
        same, missing = False, isinstance(exc, FileNotFoundError)
    with _writing(file):
        if not same and not (missing and _write_new(file, data, make_folder=False)):
            write_atomic(file, data, make_folder=False)
        stat = os.stat(file)
    return not same, stat.st_size, stat.st_mtime_ns, stat.st_ino


def _manifest_json(files: list[str], sources: dict[str, str]) -> bytes:
    """``json.dumps({"files": files, "sources": sources}, indent=0, ensure_ascii=False)``, encoded, made
    directly: with ``indent``, json encodes in Python, not C (5 times slower for 10,000 pages)."""
    if not all(type(value) is str for value in sources.values()):  # a hand-edited manifest's oddity
        return json.dumps({"files": files, "sources": sources}, indent=0, ensure_ascii=False).encode()
    listed = "[\n" + ",\n".join(map(encode_basestring, files)) + "\n]" if files else "[]"
    mapped = "{\n" + ",\n".join(f"{encode_basestring(k)}: {encode_basestring(v)}" for k, v in sources.items()) + (
        "\n}") if sources else "{}"
    return f'{{\n"files": {listed},\n"sources": {mapped}\n}}'.encode()


def write_docs(pages: Iterable[tuple[str, Page]], on_disk: OnDisk,
               sources: Mapping[str, str] | None = None, keep_sources: Iterable[str] = ()) -> WriteReport:
    """Make ``on_disk.docs_dir`` hold exactly ``pages``, touching only changes; ``pages`` is consumed
    once, each page written (or found unchanged) as it comes. ``on_disk`` is ``pages_on_disk`` from
    before the pages were rendered; its records are updated with what docs_dir now holds.

    ``sources`` maps input files to their pages. The last good page of each
    file in ``keep_sources`` (inputs that failed to parse this time) is kept.
    """
    docs_dir = on_disk.docs_dir
    previous = on_disk.manifest
    sources = dict(sources or {})
    for source in keep_sources:
        if source in previous.sources and source not in sources:
            sources[source] = previous.sources[source]
    written = unchanged = 0
    top = str(docs_dir)
    folders: set[str] = set()  # made or found this run
    now: dict[str, _Record] = {}
    marked = False  # WRITING made
    for rel, page in pages:
        stored = page.stored
        if stored is None and page.data is None:  # as the last run wrote it, from the same inputs
            record = on_disk.records[rel]
            now[rel] = record if record[0] == page.key else (page.key, *record[1:4], page.shown)
            unchanged += 1
            continue
        if stored is None:
            if not marked and rel not in previous.files:
                _mark_writing(docs_dir)
                marked = True
            stored = _store(os.path.join(top, rel), page.data, folders)  # type: ignore[arg-type]
        changed, size, mtime, inode = stored
        written += changed
        unchanged += not changed
        # A page without a key is never taken as unchanged: compared by its bytes.
        now[rel] = (page.key, size, mtime, inode, page.shown) if page.key else _UNRECORDED
    kept = set(sources.values()) - now.keys()
    stale = sorted((previous.files | on_disk.leftovers) - now.keys() - kept)
    for rel in stale:
        with _writing(docs_dir / rel):
            (docs_dir / rel).unlink(missing_ok=True)
            parent = (docs_dir / rel).parent
            while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    listed = now.keys() | kept
    # The manifest is recorded like a page: while docs_dir holds it as written, and it would list
    # the same, it is neither made again nor read.
    if MANIFEST in on_disk.intact and listed == previous.files and sources == previous.sources:
        manifest_record = on_disk.records[MANIFEST]
    else:
        manifest = _manifest_json(sorted(listed), dict(sorted(sources.items())))
        manifest_path = docs_dir / MANIFEST
        if not manifest_path.exists() or manifest_path.read_bytes() != manifest:
            with _writing(manifest_path):
                write_atomic(manifest_path, manifest)
        stat = manifest_path.stat()
        manifest_record = (MANIFEST, stat.st_size, stat.st_mtime_ns, stat.st_ino, b"")
    (docs_dir / WRITING).unlink(missing_ok=True)  # every file made is listed now
    records = {**{rel: on_disk.records[rel] for rel in kept & on_disk.intact}, **now, MANIFEST: manifest_record}
    if records != on_disk.records:  # an unchanged docs_dir leaves the cache file alone
        on_disk.store.put("pages", records)
        on_disk.store.save()
    # Every file docs_dir holds now has its record, but for a kept page changed since it was written.
    return WriteReport(written, unchanged, len(stale), len(now), None if kept - on_disk.intact else records)


# ---------------------------------------------------------------------------
# Feeds

ATOM = "http://www.w3.org/2005/Atom"


def page_url(site_url: str, page: str) -> str:
    """Absolute URL of a docs page with MkDocs' directory URLs."""
    path = page[:-3] if page.endswith(".md") else page
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    return site_url.rstrip("/") + "/" + path


def atom_feed(articles: Sequence[Article], site_url: str, title: str, feed_path: str, page: str,
              limit: int = 50, entries: dict[tuple[str, str], str] | None = None, language: str = "",
              subtitle: str = "") -> str:
    """An Atom feed of the first ``limit`` of ``articles``, in their order (``feed_pages`` gives them as the
    home page lists them, see ``_news_order``), with absolute links. ``language``: the site's, which a feed
    reader takes for the feed's text (an article in another is marked with its own); ``subtitle``: the
    site's description.

    Written out as ElementTree serialises the same elements (its declaration, a default namespace,
    ``<x />`` when empty), five times quicker than building them: a first run makes a feed per tag.
    ``entries``: the entries of articles made for other feeds of the same site, kept in it by this one.
    """
    newest = articles[:limit]
    self_url = site_url.rstrip("/") + "/" + feed_path
    updated = max((a.updated or a.date for a in newest), default=date(1970, 1, 1)).isoformat() + "T00:00:00Z"
    lang = f' xml:lang="{_xml_attribute(language)}"' if language else ""
    parts = ["<?xml version='1.0' encoding='utf-8'?>\n", f'<feed xmlns="{ATOM}"{lang}>', _xml("id", self_url),
             _xml("title", title), *([_xml("subtitle", subtitle)] if subtitle else []), _xml("updated", updated),
             f'<link rel="self" href="{_xml_attribute(self_url)}" />',
             f'<link rel="alternate" href="{_xml_attribute(page_url(site_url, page))}" />']
    entries = {} if entries is None else entries
    for article in newest:
        # An article's entry is the same in each feed it is in (its author is the feed's title when it
        # has no publisher): made once, for the site's feed and those of its tags.
        author = article.source.publisher or title
        entry = entries.get((article.key, author))
        if entry is None:
            entry = entries[article.key, author] = _feed_entry(article, site_url, author, language)
        parts.append(entry)
    parts.append("</feed>\n")
    return "".join(parts)


def _feed_entry(article: Article, site_url: str, author: str, language: str = "") -> str:
    url = page_url(site_url, article.path or "")
    own = other_language(article.language, language) if language else ""
    parts = [f'<entry xml:lang="{own}">' if own else "<entry>", _xml("id", url), _xml("title", article.title),
             f'<link rel="alternate" href="{_xml_attribute(url)}" />',
             # An article updated since: a feed reader shows it again, and when it first came out.
             *([_xml("published", article.date.isoformat() + "T00:00:00Z")] if article.updated else []),
             _xml("updated", (article.updated or article.date).isoformat() + "T00:00:00Z"),
             "<author>", _xml("name", author), "</author>"]
    if lead := article.lead:
        parts.append(_xml("summary", lead))
    parts += [f'<category term="{_xml_attribute(tag)}" />' for tag in article.tags]
    parts.append("</entry>")
    return "".join(parts)


_XML_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
                                "\t": "&#09;"})


def _xml(tag: str, text: str) -> str:
    """An element holding ``text``, escaped as ElementTree escapes it."""
    if not text:
        return f"<{tag} />"
    return f"<{tag}>{text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</{tag}>"


def _xml_attribute(value: str) -> str:
    return value.translate(_XML_ATTRIBUTE)


def feed_pages(catalog: Catalog, site_url: str, site_name: str, limit: int = 50, groups: _Groups | None = None,
               kept: Callable[[str], str | None] | None = None, language: str = "", site_description: str = ""
               ) -> Iterator[Listing]:
    """``feed.xml`` for the archive and ``tags/<slug>.xml`` per tag, one by one as ``(path, key, render)``
    (see ``index_pages``): ``key`` a digest of what the feed shows, its title, addresses and newest
    ``limit`` articles as the listings show them. After an edit, only the feeds showing the article
    are made again: all of them took 0.7 s at 10,000 articles. In a patched run, the feeds of the tags
    ``groups`` does not redo come with the key ``kept(path)`` gives them, if it gives one."""
    groups = groups or _Groups.of(catalog, None)
    entries: dict[tuple[str, str], str] = {}  # shared by the feeds (see atom_feed)
    tag_feeds = ((page[:-3] + ".xml", f"{site_name}: {tag}", page, tag) for tag, page in groups.tag_pages.items())
    for path, title, page, tag in [("feed.xml", site_name, "index.md", None), *tag_feeds]:
        # The archive's own feed is made again in any case: it shows the newest articles, whichever.
        recorded = _as_recorded([path], tag, groups.redo_tags if tag is not None else None, kept)
        if recorded is not None:
            yield from recorded
            continue
        first = list(islice(_news_order(groups.newest if tag is None else groups.by_tag[tag], catalog.dated), limit))
        key = _marshal_digest((site_url, title, path, page, language, site_description,
                               [catalog.shown[i] for i in first])).hex()
        articles = [catalog.keys[i] for i in first]
        yield path, key, partial(_feed, catalog.article, articles, site_url, title, path, page, limit, entries,
                                 language, site_description)


def _feed(article: Callable[[str], Article], keys: Sequence[str], site_url: str, title: str, feed_path: str,
          page: str, limit: int, entries: dict[tuple[str, str], str], language: str, subtitle: str) -> str:
    return atom_feed([article(key) for key in keys], site_url, title, feed_path, page, limit, entries, language,
                     subtitle)


_OTHER_FIELDS = tuple(f.name for f in fields(Article) if f.name != "body")
_other_values = attrgetter(*_OTHER_FIELDS)
_DATE, _UPDATED, _SOURCE, _IMAGE, _RELATED = (_OTHER_FIELDS.index(name)
                                               for name in ("date", "updated", "source", "image", "related"))
_source_values = attrgetter(*(f.name for f in fields(Source)))
_image_values = attrgetter(*(f.name for f in fields(Image)))
_related_values = attrgetter(*(f.name for f in fields(Related)))


def _page_key(article: Article, near: Sequence[Neighbour], language: str, search_lead: int | None,
              bodies: BodyDigests) -> str:
    """A digest of everything an article's page is made from: every field of the article (the body as
    its digest, its texts and images) and the settings, then its neighbours' titles, paths and languages. The
    neighbours have a digest of their own, the key's second half: a page whose neighbours alone
    changed (one of them retitled) gets its key from its record (see ``patched_pages``).

    The values are marshalled, not pickled as ``memo.digest`` does: twice as quick for plain
    values like these (no reduce call per nested dataclass), and without the UTF-8 copy that pickling
    leaves inside each string. Version 2, the last without references to repeated objects, so that
    equal values give equal bytes however they share objects; a field of a type marshal cannot
    write fails here rather than going unnoticed.
    """
    values = list(_other_values(article))
    values[_DATE] = values[_DATE].isoformat()
    if values[_UPDATED] is not None:
        values[_UPDATED] = values[_UPDATED].isoformat()
    values[_SOURCE] = _source_values(values[_SOURCE])
    if values[_IMAGE] is not None:
        values[_IMAGE] = _image_values(values[_IMAGE])
    values[_RELATED] = list(map(_related_values, values[_RELATED]))
    values += (bodies(article.body), language, search_lead)
    return _marshal_digest(values).hex() + _near_key(near)


def _near_key(near: Sequence[Neighbour]) -> str:
    return _marshal_digest(list(near)).hex()


def _marshal_digest(value: object) -> bytes:
    """A digest of plain values (see ``_page_key``: marshalled, not pickled)."""
    return hashlib.blake2b(marshal.dumps(value, 2), digest_size=16).digest()


_OWN_KEY = 32  # hex digits of a page key that digest the article and the settings


_Todo = tuple[Article, Sequence[Neighbour], str, int | None]


def _render_chunk(items: Sequence[_Todo], docs_dir: str) -> list[_Stored]:
    """Article pages rendered and stored in ``docs_dir`` (see ``_store``), by the workers: each one's page
    goes to the disk from the process that made it, not through this one."""
    folders: set[str] = set()
    return [_store(os.path.join(docs_dir, a.path or ""), article_page(a, near, language, search_lead).encode(), folders)
            for a, near, language, search_lead in items]


def _listings(unit: str, pages: Callable[[], Iterable[Listing]], on_disk: OnDisk) -> Iterator[tuple[str, Page]]:
    """The listing pages, each recorded under ``unit:key``: ``unit`` a digest of what all listings show
    of all articles, ``key`` what the page shows. When nothing any listing shows changed, all are
    kept at the cost of one digest; otherwise each page is rendered only if what it shows changed."""
    prefix = unit + ":"
    paths = [p for p, record in on_disk.records.items() if record[0].startswith(prefix)]
    if paths and all(p in on_disk.intact for p in paths):
        yield from ((p, Page(on_disk.records[p][0], None)) for p in paths)
        return
    for path, key, render in pages():
        kept = on_disk.holds_listing(path, key)
        yield path, Page(prefix + key, None if kept else render().encode())


def patched_pages(articles: Sequence[Article], before: Mapping[str, str],
                  neighbours: Mapping[str, Sequence[Neighbour]], docs_dir: Path, on_disk: OnDisk,
                  language: str, search_lead: int | None, bodies: BodyDigests,
                  listings: Callable[[Mapping[str, bytes]], Iterable[tuple[str, Page]] | None],
                  removed: Collection[str] = ()) -> list[tuple[str, Page]] | None:
    """Every file of docs_dir as ``render_pages`` gives them after edits that changed nothing but
    ``articles`` (each at ``before[key]`` in the last run; new if it has no key there), given the
    neighbours of their pages and of the pages showing one of them as a neighbour,
    by page path:

    - the recorded pages as they are;
    - the pages of ``articles``, made again (moved if their path changed) or anew;
    - the other pages in ``neighbours``, their neighbours section alone made again;
    - not the pages ``removed``, those of articles removed;
    - when what the listings show of one of ``articles`` changed, or an article was removed, the
      listings and feeds, ``listings(shown)``: ``shown`` is what they show of each article, by page path.

    None when docs_dir is not as the last run left it (a page missing, edited or unrecorded), or
    ``listings`` gives None.
    """
    records = on_disk.records
    if on_disk.intact != records.keys() or records.keys() - {MANIFEST} != on_disk.manifest.files or on_disk.leftovers:
        return None
    pages = {rel: Page(record[0], None, record[4]) for rel, record in records.items() if rel != MANIFEST}
    for path in removed:
        if pages.pop(path, None) is None:
            return None
    listings_change = bool(removed)
    for a in articles:
        old = before.get(a.key)  # None: a new article
        record = records.get(old) if old is not None else None
        if (old is not None and record is None) or a.path is None:
            return None
        near = shown_neighbours(neighbours.get(a.path, ()), _linked(a))
        key = _page_key(a, near, language, search_lead, bodies)
        seen = shown_digest(a)
        listings_change |= record is None or seen != record[4]
        if a.path != old:
            if a.path in pages:
                return None
            if old is not None:
                del pages[old]
        if record is None or key != record[0] or a.path != old:
            page = article_page(a, near, language, search_lead)
            pages[a.path] = Page(key, page.encode(), seen)
    edited = {a.path for a in articles}
    for path, near in neighbours.items():
        if path in edited:
            continue
        record = records.get(path)
        if record is None or len(record[0]) != 2 * _OWN_KEY:
            return None
        key = record[0][:_OWN_KEY] + _near_key(shown_neighbours(near, ()))
        if key == record[0]:
            # It showed the first five candidates: none is on its "Mehr zum Thema" list (a page that shows
            # a list shows none of its articles), so it shows them still. Its file is not read.
            continue
        text = (docs_dir / path).read_text(encoding="utf-8")
        near = shown_neighbours(near, _linked_on_page(text, path, near, language))
        key = record[0][:_OWN_KEY] + _near_key(near)
        if key != record[0]:
            page = with_neighbours(text, path, near, language)
            if page is None:
                return None
            pages[path] = Page(key, page.encode(), record[4])
    if listings_change:
        shown = {path: page.shown for path, page in pages.items() if path.startswith(ARTICLES)}
        pages = {path: page for path, page in pages.items() if path.startswith(ARTICLES)}
        listed = listings(shown)
        if listed is None:
            return None
        pages.update(listed)
    return list(pages.items())


def render_pages(articles: Sequence[Article], neighbours: Mapping[str, Sequence[Article]], on_disk: OnDisk,
                 site_name: str, site_description: str, language: str,
                 latest: int = 20, site_url: str | None = None,
                 search_lead: int | None = None, page_size: int = 100, bodies: BodyDigests | None = None
                 ) -> Iterator[tuple[str, Page]]:
    """Every file of docs_dir, as ``(path, Page)``: pages, and feeds when ``site_url`` is known.
    ``page_size``: articles per page of a tag's or a year's listing. ``bodies``: the run's body digests,
    when an earlier stage made them already.

    Each page carries a digest of everything it shows; a page ``on_disk`` holds from the same
    digest is not rendered again. Pages come out as they are rendered, so that they can be written
    and dropped: the archive's pages are never all in memory. Article pages are rendered on all cores
    and stored in ``on_disk.docs_dir`` by the process that renders them (``Page.stored``): at 100,000
    pages, opening and writing them took this process 22 of its 51 s in this stage (profiled, with a
    slow disk).
    Pages are UTF-8: German quotes and dashes make Python hold a text in two bytes per character.
    """
    bodies = bodies or BodyDigests()
    todo: list[_Todo] = []  # to render
    pending: list[tuple[str, str, bytes]] = []  # their paths, keys and what listings show of them
    shown: list[bytes] = []  # what the listings and feeds show of each article
    for a in articles:
        if not a.path:
            shown.append(shown_digest(a))
            continue
        near = shown_neighbours([neighbour(n, language) for n in neighbours.get(a.key, ())], _linked(a))
        key = _page_key(a, near, language, search_lead, bodies)
        # An article whose page key is unchanged shows the listings what it showed them last run:
        # taken from the page's record, not worked out again (its lead, above all, takes a while).
        record = on_disk.records.get(a.path)
        seen = record[4] if record is not None and record[0] == key else shown_digest(a)
        shown.append(seen)
        if on_disk.holds(a.path, key):
            yield a.path, Page(key, None, seen)
        else:
            todo.append((a, near, language, search_lead))
            pending.append((a.path, key, seen))
    if any(path not in on_disk.manifest.files for path, _, _ in pending):
        _mark_writing(on_disk.docs_dir)  # before the workers write a page the manifest does not list
    # Every chunk handed out at once: what comes back of a page is its file's size, times and inode, and
    # with four chunks a worker ahead, the workers sat idle while this process rendered the listings
    # (0.6 s at 10,000 articles).
    chunks = map_chunks(partial(_render_chunk, docs_dir=str(on_disk.docs_dir)), todo, ahead=None)
    # The listings come first, once the workers have article pages to render: this process renders
    # them (0.4 s at 10,000 articles) while the workers render, instead of after them.
    first = next(chunks, [])
    yield from listing_pages(Catalog.of(articles, shown), on_disk, site_name, site_description, language, latest,
                             site_url, page_size)
    stored = (page for chunk in chain([first], chunks) for page in chunk)
    for (path, key, seen), page in zip(pending, stored, strict=True):
        yield path, Page(key, None, seen, page)


def listing_pages(catalog: Catalog, on_disk: OnDisk, site_name: str, site_description: str, language: str,
                  latest: int = 20, site_url: str | None = None, page_size: int = 100, before: Before | None = None
                  ) -> Iterator[tuple[str, Page]]:
    """The listings (see ``index_pages``) and, when ``site_url`` is known, the feeds of the archive
    ``catalog``, as ``render_pages`` gives them. They read an article's title, date, language, tags,
    lead, page path and publisher, nothing else.

    ``before``: in a patched run, the articles changed since the last run as it listed them. The
    listings and feeds of tags and years none of them is or was listed under show what they showed:
    they are taken from their records, not keyed again, when docs_dir holds them as written."""
    listed = b"".join(catalog.shown)
    groups = cache(partial(_Groups.of, catalog, before))  # once for the listings and feeds, if made

    index = digest("index", listed, site_name, site_description, language, latest, page_size).hex()
    yield from _listings(index, lambda: index_pages(catalog, site_name, site_description, language, latest,
                                                    page_size, groups(), _kept_under(on_disk, "index.md")), on_disk)
    if site_url:
        yield from _listings(digest("feeds", listed, site_url, site_name, language, site_description).hex(),
                             lambda: feed_pages(catalog, site_url, site_name, groups=groups(),
                                                kept=_kept_under(on_disk, "feed.xml"), language=language,
                                                site_description=site_description), on_disk)


def _kept_under(on_disk: OnDisk, first: str) -> Callable[[str], str | None]:
    """For the pages made together with ``first`` in the last run (the listings, or the feeds): the key
    of a page as recorded then, if docs_dir holds it as written; else None."""
    record = on_disk.records.get(first)
    unit = record[0].partition(":")[0] + ":" if record is not None and ":" in record[0] else None

    def kept(path: str) -> str | None:
        found = on_disk.records.get(path)
        if unit is None or found is None or path not in on_disk.intact or not found[0].startswith(unit):
            return None
        return found[0][len(unit):]

    return kept
