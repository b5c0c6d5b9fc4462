"""Related in this archive: each article's other articles ranked by the rarity of the tags they share,
then by nearness in date; after edits, additions and removals the kept answer is what a fresh pass gives.

Each test builds an archive of articles that carry only tags and a date, as the tag stage leaves them.
"""

from __future__ import annotations

import math
import tempfile
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Article, Paragraph, Source
from generator.related import related_in_archive


def with_tags(file: str, day: int, *tags: str) -> Article:
    """An article as the tag stage leaves it: the ranking reads its key, date and tags alone."""
    return Article(title=file, date=date(2024, 3, day), date_precision="day", language="de",
                   source=Source(file=file), body=(Paragraph("Text."),), tags=tags)


def test_related_rare_shared_tag_beats_common_shared_tag() -> None:
    archive = [
        with_tags("a", 10, "Hafen", "Orbán"),
        with_tags("b", 11, "Hafen"),  # shares the common tag only, and is closer in time
        with_tags("c", 20, "Orbán"),  # shares the rare tag
        with_tags("d", 12, "Hafen"),
        with_tags("e", 13, "Hafen"),
        with_tags("f", 14, "Wetter"),
    ]
    related = related_in_archive(archive)
    assert related["a"][:2] == ("c", "b")
    assert related["f"] == ()
    assert "a" not in related["a"]


_TOPICS = ("Hafen", "Wetter", "Orbán", "Deich", "Wahl")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 28), st.sets(st.sampled_from(_TOPICS), max_size=3)),
                min_size=1, max_size=12))
def test_related_after_tag_and_date_edits_is_what_a_fresh_pass_gives(edits: list[tuple[int, int, set[str]]]) -> None:
    """The cache works out again only the articles sharing a tag that a changed article gained or lost
    (any of its tags, old and new, after a new date)."""
    archive = [with_tags(f"{n:02d}", 1 + n % 27, *_TOPICS[n % 5: n % 5 + 1 + n % 3]) for n in range(24)]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "related.pickle"
        assert related_in_archive(archive, 3, cache) == related_in_archive(archive, 3)
        for n, day, tags in edits:  # one article's date (0: as it was) and tags at a time, as an edit changes them
            when = date(2024, 3, day) if day else archive[n].date
            archive[n] = replace(archive[n], date=when, tags=tuple(sorted(tags)))
            assert related_in_archive(archive, 3, cache) == related_in_archive(archive, 3)


_MANY_TOPICS = tuple(f"Thema {c}" for c in "ABCDEFGHIJKL")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 40), st.integers(1, 28),
                          st.sets(st.sampled_from(_MANY_TOPICS), max_size=2)), min_size=1, max_size=12))
def test_related_after_articles_added_and_removed_is_what_a_fresh_pass_gives(
        edits: list[tuple[bool, int, int, set[str]]]) -> None:
    """An archive that grows or shrinks by an article at a time: while the scale of rarity stays (16 to
    31 articles), the cache works out again only the articles the added or removed one's tags reach;
    from 32 on, everything once."""
    archive = [with_tags(f"{n:02d}", 1 + n % 27, *{_MANY_TOPICS[n % 12], _MANY_TOPICS[n * 7 % 11]})
               for n in range(30)]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "related.pickle"
        assert related_in_archive(archive, 3, cache) == related_in_archive(archive, 3)
        for add, n, day, tags in edits:
            if add:
                archive.append(with_tags(f"n{n:02d}-{len(archive)}", day, *sorted(tags)))
            elif archive:
                del archive[n % len(archive)]
            assert related_in_archive(archive, 3, cache) == related_in_archive(archive, 3)


def test_related_ranks_everything_again_when_the_archive_passes_a_power_of_two(tmp_path: Path) -> None:
    """Two shared tags on 9 articles each against one on 2: log(32/9) * 2 < log(32/2) among 31
    articles, log(64/9) * 2 > log(64/2) among 32. The article added shares no tag with "a", yet its
    most related article changes, from the cache as in a fresh pass."""
    archive = [with_tags("a", 10, "X", "Y", "Z"), with_tags("b1", 10, "X"), with_tags("b2", 10, "Y", "Z"),
               *(with_tags(f"y{n}", 12, "Y") for n in range(7)), *(with_tags(f"z{n}", 12, "Z") for n in range(7)),
               *(with_tags(f"w{n:02d}", 14, "W") for n in range(14))]
    cache = tmp_path / "related.pickle"
    assert related_in_archive(archive, 1, cache)["a"] == ("b1",)
    grown = [*archive, with_tags("w-new", 14, "W")]
    assert related_in_archive(grown, 1, cache)["a"] == ("b2",) == related_in_archive(grown, 1)["a"]


def test_related_tie_goes_to_the_nearest_date_then_the_key() -> None:
    archive = [with_tags("a", 10, "Hafen"), with_tags("far", 1, "Hafen"), with_tags("near", 12, "Hafen"),
               with_tags("near2", 8, "Hafen"), with_tags("other", 11, "Wetter")]
    assert related_in_archive(archive)["a"] == ("near", "near2", "far")
    assert related_in_archive(archive, limit=1)["a"] == ("near",)


def test_related_equal_scores_from_different_tags_tie_and_go_by_date() -> None:
    """Seven articles: "a" shares tags on 2 and 6 articles with "p", tags on 3 and 4 with "q". The
    scores are equal, log(8/2) + log(8/6) = log(8/3) + log(8/4), but summed in floating point the
    second comes out larger in the last bit; as a tie, the nearer date puts "p" first."""
    archive = [
        with_tags("a", 10, "Deich", "Hafen", "Wahl", "Wetter"),
        with_tags("p", 11, "Deich", "Hafen"),  # Deich: 2 articles, Hafen: 6
        with_tags("q", 14, "Wahl", "Wetter"),  # Wahl: 3, Wetter: 4
        with_tags("r1", 20, "Hafen", "Wahl", "Wetter"),
        with_tags("r2", 5, "Hafen", "Wetter"),
        with_tags("r3", 12, "Hafen"),
        with_tags("r4", 13, "Hafen"),
    ]
    assert math.log(8 / 2) + math.log(8 / 6) != math.log(8 / 3) + math.log(8 / 4)
    assert related_in_archive(archive, 5)["a"] == ("r1", "p", "q", "r2", "r3")


@pytest.mark.parametrize("limit", [0, 2])
def test_related_respects_the_limit(limit: int) -> None:
    archive = [with_tags(name, n, "Hafen") for n, name in enumerate("abcdef", 1)]
    assert all(len(keys) == limit for keys in related_in_archive(archive, limit).values())


def reference_related(articles: list[Article], limit: int) -> dict[str, tuple[str, ...]]:
    """The ranking spelled out: every pair that shares a tag, scored by the shared tags' rarity."""
    members = defaultdict(set)
    for a in articles:
        for tag in a.tags:
            members[tag].add(a.key)
    scale = 2 ** math.ceil(math.log2(len(articles) + 1))  # N + 1 rounded up to a power of two
    weight = {tag: math.log(scale / len(keys)) for tag, keys in members.items()}
    result = {}
    for a in articles:
        scores = {b: sum(weight[t] for t in set(a.tags) & set(b.tags)) for b in articles
                  if b.key != a.key and set(a.tags) & set(b.tags)}
        ranked = sorted(scores, key=lambda b: (-round(scores[b], 9), abs((b.date - a.date).days), b.key))
        result[a.key] = tuple(b.key for b in ranked)[:limit]
    return result


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.sets(st.sampled_from("ABCDEFG"), max_size=4)), max_size=25),
       st.integers(0, 6))
def test_related_matches_the_ranking_spelled_out(rows: list[tuple[int, set[str]]], limit: int) -> None:
    archive = [with_tags(f"k{n:02d}", day, *sorted(tags)) for n, (day, tags) in enumerate(rows)]
    assert related_in_archive(archive, limit) == reference_related(archive, limit)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9), st.sets(st.sampled_from("ABC"), max_size=2)), min_size=20, max_size=60),
       st.integers(1, 6))
def test_related_in_large_groups_matches_the_ranking_spelled_out(rows: list[tuple[int, set[str]]], limit: int) -> None:
    """Many articles share each tag (dozens in a group, many on one day): a group is ordered by date
    a day at a time, where a few would be sorted at once."""
    archive = [with_tags(f"k{n:02d}", day, *sorted(tags)) for n, (day, tags) in enumerate(rows)]
    assert related_in_archive(archive, limit) == reference_related(archive, limit)


@pytest.mark.parametrize("shared", [False, True])
def test_related_in_a_wide_archive_matches_the_ranking_spelled_out(shared: bool, monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    """150 articles on three days, a tag on up to a hundred of them and long answers: the set bits of a
    day's group are read off in one pass past the first few dozen. ``shared``: ranked by worker
    processes, half each, as in a large archive."""
    if shared:
        monkeypatch.setattr("generator.related._SHARED_WORK", 1)
    archive = [with_tags(f"k{n:03d}", 1 + n * 7 % 3, *("ABC"[: 1 + n % 3]), *("D" if n % 5 == 0 else ""))
               for n in range(150)]
    assert related_in_archive(archive, 120) == reference_related(archive, 120)
