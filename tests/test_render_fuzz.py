"""Property test through the whole pipeline: raw text → parse → write → a real MkDocs + Material build.

Whatever the archive holds, the built pages carry no script, event handler or unsafe link
that came from it, the title a reader sees is the title in the front matter, and the build
never crashes. ``make test`` runs a few examples; ``--hypothesis-profile=long`` runs many
(see the README's Safety section).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import frontmatter
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import make_archive

# The default profile runs 100 examples per property; this test builds a whole site per example,
# so it runs a twentieth of that (5), scaled up with the profile.
EXAMPLES = max(5, settings.default.max_examples // 20)

HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<iframe src=//evil.example></iframe>",
    "<svg onload=alert(3)>", "<a href='javascript:alert(4)'>x</a>", "[klick](javascript:alert(5))",
    "![b](data:text/html;base64,PHNjcmlwdD4=)", "<!-- c -->", "{{ config }}", "{% include 'x' %}",
    "{: onclick=alert(6) }", "---", "key: value", "!!python/object:os.system", "&lt;b&gt;", "&amp;",
    "\u202eRTL", "<style>*{}</style>", "<details open ontoggle=alert(7)>", "`code`", "*kursiv*",
    "[^1]", "\\", "| a | b |", "# Kopf", "> Zitat", "1. Liste", "<http://x.example>", "'\"<>&",
    "Mehr zum Thema – <b>fett</b>", "![<script>](https://img.test.example/a.jpg)",
])
WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
PIECE = st.one_of(HOSTILE, WORDS)
LINE = st.builds(" ".join, st.lists(PIECE, min_size=1, max_size=5))
RAW = st.builds(
    lambda title, lines: "\n".join([title, f"![{title}](https://img.test.example/2025.01/a.jpg)", *lines]),
    LINE, st.lists(LINE, min_size=1, max_size=6),
)


def _scripts(soup: BeautifulSoup) -> Counter[str]:
    """Each script as its place, source or first characters: the same on every page Material renders."""
    return Counter(
        f"{script.parent.name}:{script.get('src', '').lstrip('./') or (script.string or '')[:12]}"
        for script in soup.find_all("script")
    )


def _unsafe(soup: BeautifulSoup, material_scripts: Counter[str]) -> list[str]:
    """Active content on a page beyond what Material itself puts on every page."""
    found = []
    for tag in soup.find_all(True):
        found += [f"<{tag.name} {a}>" for a in tag.attrs if a.lower().startswith("on")]
        for attr in ("href", "src", "action", "formaction"):
            value = "".join(str(tag.get(attr, "")).split()).lower()
            if value.startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"<{tag.name} {attr}={value[:30]}>")
    found += [f"<{t.name}>" for t in soup.find_all(["iframe", "object", "embed", "base"])]
    found += [f"<{t.name}>" for t in soup.select("article style, form:not(.md-search__form)")]
    if (extra := _scripts(soup) - material_scripts):
        found.append(f"scripts {sorted(extra)}")
    return found


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(raws=st.lists(RAW, min_size=1, max_size=4))
def test_any_archive_builds_into_pages_without_active_content(raws: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = make_archive(Path(tmp) / "p", "tags:\n  auto: false\n")
        for n, raw in enumerate(raws):
            (archive.content / f"{n:03d}.txt").write_text(raw + "\n", encoding="utf-8")
        archive.add("zzz.txt", "Ruhige Meldung\nEin Absatz ohne jede Auffälligkeit, als Vergleich.")
        result = archive.run("build")
        assert result.exit_code == 0, result.output
        pages = list((archive.docs / "articles").rglob("*.md"))
        skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
        assert len(pages) + len(skipped) == len(raws) + 1
        clean = next(p for p in (archive.site / "articles").rglob("index.html") if "ruhige" in p.parent.name)
        material = _scripts(BeautifulSoup(clean.read_text(encoding="utf-8"), "html.parser"))
        for md in pages:
            post = frontmatter.load(md)
            html = archive.site / md.relative_to(archive.docs).with_suffix("") / "index.html"
            soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
            assert not _unsafe(soup, material), (md.name, _unsafe(soup, material))
            assert soup.select_one("article h1").get_text() == post["title"]
        for html in archive.site.rglob("*.html"):
            soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
            assert not _unsafe(soup, material), (html, _unsafe(soup, material))
