"""Property tests: any bytes or text either parse or fail with one known error, and every page round-trips.

Whatever comes in, ``decode_text`` raises only DecodeError and ``parse_article``
only ParseError; an article that parses becomes a page whose front matter
python-frontmatter reads back as exactly ``front_matter(article)``.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import frontmatter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.link import assign_paths, link_related
from generator.model import SourceFile
from generator.parse import MAX_TITLE, ParseError, parse_article
from generator.read import DecodeError, decode_text
from generator.write import article_page, front_matter

MTIME = datetime(2020, 1, 2, tzinfo=UTC).timestamp()
FUZZ = settings(max_examples=2 * settings.default.max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])

URLS = st.one_of(
    st.sampled_from([
        "https://img.example/media/2024.05/thumb/a.jpg",
        "http://img.example/2019/b.png",
        "/bilder/c.jpg",
        "../d.jpg",
        "",
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:image/png;base64,AAAA",
        "//evil.example/e.jpg",
        "http://[broken",
        "https://[::1/x.jpg",
    ]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc")), max_size=30),
)
HEADLINES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Hafenfest zieht Besucher an", "„Zollhaus“ – verkauft", "Светлогорье: мост", "Ferry cuts"]),
)
LINES = st.one_of(
    st.text(max_size=120),
    st.builds("![{}]({})".format, HEADLINES, URLS),
    st.builds("{}{}".format, st.sampled_from(["Mehr zum Thema – ", "Mehr zum Thema:", "Read more: ", "Related:",
                                              "More on this topic — ", "Related costs ", "Читайте также: "]),
              HEADLINES),
    st.sampled_from(["24.02.2025", "24. Februar 2025, 14:30 Uhr", "February 24, 2025", "2025-02-24T14:30",
                     "31.02.2025", "24 февраля 2025 г.", "0.0.1999", "Published: May 5, 2020"]),
    st.builds("Ein [{}]({}) Link und ![{}]({}).".format, st.text(max_size=15), URLS, st.text(max_size=15), URLS),
    st.text(alphabet="\u00a0\u200b\u00ad\ufeff\u2028\u2029\x85\x00\x1b\r\t „“«»–—-:!()[]# \\*_`<>&{}|\"'", max_size=20),
)
BODY = st.builds("\n".join, st.lists(LINES, max_size=14))
# Title, hero image repeating it, then anything: the shape of a real raw article.
ARTICLE = st.builds(lambda title, url, body: f"{title}\n![{title}]({url})\n{body}", HEADLINES, URLS, BODY)
RAW_TEXT = st.one_of(BODY, ARTICLE, st.text(max_size=600))
FRONT_MATTER_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2024-01-02", "2024-01-02 10:00:00", "[a, b]", "{a: 1}", "null", "3", "true", "'x'",
                     "\"„Zitat“\"", "[1, [2]]", "!!binary AAAA", "&a x", "*a", "|", "- x"]),
)
MARKDOWN = st.builds(
    "---\n{}\n---\n{}".format,
    st.builds("\n".join, st.lists(
        st.builds("{}: {}".format,
                  st.sampled_from(["title", "date", "date_precision", "language", "tags", "image", "image_alt",
                                   "description", "source", "x"]),
                  FRONT_MATTER_VALUES),
        max_size=8,
    )),
    RAW_TEXT,
) | RAW_TEXT
ENCODINGS = st.sampled_from([
    lambda t: t.encode("utf-8"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    lambda t: t.encode("cp1252", "replace"),
])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
NAMES = st.sampled_from(["000_1cb126152f402659.txt", "notiz.txt", "sub/007_ABCDEF12.txt", "025_notiz.md"])
BYTES = st.one_of(
    st.binary(max_size=800),
    st.builds(bytes.__add__, st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b""]),
              st.binary(max_size=800)),
)


def check(data: bytes, name: str) -> None:
    """Decode, parse and write ``data``; only the two documented errors may stop it."""
    try:
        text, encoding, stray = decode_text(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert "\r" not in text and "\x00" not in text
    text.encode("utf-8")  # no lone surrogate left of a byte that was not UTF-8: the pages are written as UTF-8
    try:
        article = parse_article(SourceFile(Path(name), name, text, MTIME, encoding, stray))
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert article.title.strip() and len(article.title) <= MAX_TITLE and "\n" not in article.title
    assert article.source.file == name
    [placed] = link_related(assign_paths([article]))
    page = article_page(placed, [], "de")
    post = frontmatter.loads(page)
    assert post.metadata == front_matter(placed)


@FUZZ
@given(text=MARKDOWN, encode=ENCODINGS, line_end=LINE_ENDS, name=NAMES)
def test_any_text_parses_or_raises_parse_error_and_round_trips(
    text: str, encode: Callable[[str], bytes], line_end: str, name: str
) -> None:
    check(encode(text.replace("\n", line_end)), name)


@FUZZ
@given(data=BYTES, name=NAMES)
def test_any_bytes_decode_or_raise_decode_error_and_round_trip(data: bytes, name: str) -> None:
    check(data, name)
