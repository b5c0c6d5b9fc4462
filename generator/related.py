"""Related in this archive: for each article, the other articles that share its rarest tags, nearest in
date first.

It reads only each article's key, date and tags, as the tag stage left them, so it runs after it, and
after an edit it works out again only the articles sharing a tag that some article gained or lost.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path

from .memo import Memo
from .model import Article

# Candidates per article: a page shows five, those its own "Mehr zum Thema" list does not link already
# (see write.shown_neighbours), and most such lists hold one to three headlines.
CANDIDATES = 8


def related_in_archive(articles: Sequence[Article], limit: int = CANDIDATES, cache_file: Path | None = None
                       ) -> dict[str, tuple[str, ...]]:
    """Up to ``limit`` keys of other articles per article key, ranked by shared tags.

    Each shared tag counts by its rarity, ``log(S / articles with the tag)``, so a tag on few
    articles weighs more than one on many; ties go to the nearest date, then the smaller key.
    Articles that share no tag with another get an empty tuple. ``S``, the scale of rarity, is the
    number of articles plus one, rounded up to a power of two (see ``_scale``).

    Comparing every pair of articles that share a tag grows with the square of a tag's size, so
    the archive is held as bit masks over the articles in date order instead: for each combination
    of an article's tags, the articles carrying all of them are one AND, and the nearest in date
    are the nearest set bits. ``cache_file`` keeps the last answer and what it was made from: a
    re-run with the same articles, some of whose tags or dates changed, works out again only the
    articles carrying a tag that one of them has or had (0.4 s at 10,000 articles, 9 s at 100,000 on
    two cores, for a whole pass), and so does a re-run with articles added or removed, unless the
    scale of rarity changed.
    """
    inputs = {a.key: (a.date, a.tags) for a in articles}
    if len(inputs) != len(articles):
        # Keys are input files, one article each; articles sharing one (made by hand) get a whole pass.
        return _related([(a.key, a.date, a.tags) for a in articles], limit)
    return _related_kept(inputs, _related_memo(cache_file, limit), limit)


def related_retagged(tags: Mapping[str, tuple[str, ...]], cache_file: Path, added: Mapping[str, date],
                     limit: int = CANDIDATES) -> dict[str, tuple[str, ...]] | None:
    """``related_in_archive`` for the articles with the tags ``tags`` (by key, each article's): some
    of the last run's articles (as ``cache_file`` keeps them) and those ``added`` since (their dates by
    key); None if the last run is not kept or an article is neither."""
    memo = _related_memo(cache_file, limit)
    last = memo.get("last")
    if last is None or not tags.keys() <= last[0].keys() | added.keys():
        return None
    dates = {key: added[key] if key in added else last[0][key][0] for key in tags}
    return _related_kept({key: (when, tags[key]) for key, when in dates.items()}, memo, limit)


def _related_kept(inputs: dict[str, tuple[date, tuple[str, ...]]], memo: Memo, limit: int
                  ) -> dict[str, tuple[str, ...]]:
    """``related_in_archive`` for the articles ``inputs`` (date and tags by key), worked out again only
    where the last answer ``memo`` keeps may change; the answer then kept."""
    last = memo.get("last")
    if last is not None and last[0] == inputs:
        return last[1]  # the file holds it already
    if last is not None and _scale(len(last[0])) == _scale(len(inputs)):
        # Every tag's weight is as it was but for the tags gained or lost by an article (all tags of one
        # added or removed), and so is every score but those of pairs sharing one of those tags: an
        # article none of whose tags is one of them keeps its answer. An article with a new date is
        # nearer to or further from all that share a tag with it.
        before = last[0]
        changed = [k for k, value in inputs.items() if before.get(k) != value]
        gone = before.keys() - inputs.keys()
        touched = set(chain.from_iterable(before[k][1] for k in gone))
        for k in changed:
            (then, had), (now, has) = before.get(k, (None, ())), inputs[k]
            touched.update(set(had) | set(has) if then != now else set(had) ^ set(has))
        redo = {k for k, (_, tags) in inputs.items() if not touched.isdisjoint(tags)} | set(changed)
        kept = last[1] if not gone else {k: v for k, v in last[1].items() if k not in gone}
        result = {**kept, **_related(_items(inputs), limit, redo)}
    else:
        result = _related(_items(inputs), limit)
    memo.put("last", (inputs, result))
    memo.save()
    return result


def _items(inputs: Mapping[str, tuple[date, tuple[str, ...]]]) -> list[tuple[str, date, tuple[str, ...]]]:
    return [(key, when, tags) for key, (when, tags) in inputs.items()]


def last_related(cache_file: Path, limit: int = CANDIDATES) -> Mapping[str, tuple[str, ...]] | None:
    """What the last ``related_in_archive`` with ``cache_file`` gave each article, by key; None if it is
    not kept."""
    last = _related_memo(cache_file, limit).stored.get("last")
    return None if last is None else last[1]


def _related_memo(cache_file: Path | None, limit: int) -> Memo:
    """The last answer of ``related_in_archive`` under "last": (its inputs by key, its answer by key)."""
    return Memo(cache_file, context=limit)


# Archive size × articles to rank from which the ranking is shared by worker processes: each intersection
# costs a pass over masks as wide as the archive, and a worker starts and rebuilds the masks in about a
# second at 100,000 articles (where all of them take 18 s on one core), not worth it at 10,000 (0.4 s).
_SHARED_WORK = 500_000_000


def _related(articles: Sequence[tuple[str, date, tuple[str, ...]]], limit: int, only: Collection[str] | None = None
             ) -> dict[str, tuple[str, ...]]:
    """``related_in_archive`` for the articles (key, date, tags) with a key in ``only`` (all by default)."""
    todo = [key for key, _, _ in articles if only is None or key in only]
    if len(articles) * len(todo) < _SHARED_WORK:
        return _ranked(articles, limit, todo)
    from .parallel import map_chunks, worker_cores  # here: most runs rank a few articles

    workers = worker_cores()
    parts = map_chunks(partial(_ranked_part, articles=articles, limit=limit), todo,
                       chunk=-(-len(todo) // workers), minimum=2, ahead=1)
    return {key: ranked for part in parts for key, ranked in part[0].items()}


def _ranked_part(keys: Sequence[str], articles: Sequence[tuple[str, date, tuple[str, ...]]], limit: int
                 ) -> list[dict[str, tuple[str, ...]]]:
    """``_ranked`` as one worker's part (see ``parallel.map_chunks``)."""
    return [_ranked(articles, limit, keys)]


def _ranked(articles: Sequence[tuple[str, date, tuple[str, ...]]], limit: int, only: Collection[str]
            ) -> dict[str, tuple[str, ...]]:
    """``related_in_archive`` for the articles (key, date, tags) with a key in ``only``."""
    only = set(only)
    count = len(articles)
    ordinals = [when.toordinal() for _, when, _ in articles]
    order = sorted(range(count), key=lambda i: (ordinals[i], articles[i][0]))
    position = [0] * count
    for pos, index in enumerate(order):
        position[index] = pos
    days = [ordinals[i] for i in order]
    keys = [articles[i][0] for i in order]
    day_span: dict[int, list[int]] = {}
    for pos, day in enumerate(days):
        day_span.setdefault(day, [pos, pos])[1] = pos
    members = _masks(articles, position)
    scale = _scale(count)
    weight = {tag: math.log(scale / mask.bit_count()) for tag, mask in members.items()}
    result: dict[str, tuple[str, ...]] = {}
    for index, (key, _, its_tags) in enumerate(articles):
        if key not in only:
            continue
        tags = sorted(set(its_tags), key=lambda t: (-weight[t], t))
        pos = position[index]
        bit = 1 << pos
        # Best score first, nearest first within a score; never the article itself, each other one
        # once. Both generators stop once ``limit`` are taken.
        ranked = (keys[other] for mask in _score_groups(tags, members, weight, bit)
                  for other in _nearest(mask, pos, bit - 1, days, day_span, keys))
        result[key] = tuple(islice(ranked, limit))
    return result


def _masks(articles: Sequence[tuple[str, date, tuple[str, ...]]], position: Sequence[int]) -> dict[str, int]:
    """Each tag's articles as a bit mask over their positions: bits set in a byte array, made an int
    once per tag (ORing each article's bit into an int copies the whole int each time, which at
    100,000 articles took a tenth of the related articles' time)."""
    at: dict[str, list[int]] = defaultdict(list)
    for index, (_, _, tags) in enumerate(articles):
        for tag in set(tags):
            at[tag].append(position[index])
    masks = {}
    for tag, positions in at.items():
        bits = bytearray((max(positions) >> 3) + 1)
        for pos in positions:
            bits[pos >> 3] |= 1 << (pos & 7)
        masks[tag] = int.from_bytes(bits, "little")
    return masks


def _scale(count: int) -> int:
    """The scale of a tag's rarity among ``count`` articles: ``count + 1`` rounded up to a power of two.
    Measured against ``count + 1`` itself, every weight would change with every article added, and with
    it every article's ranking; this way an archive that grows re-ranks the articles sharing a tag with
    the new ones, and all of them only when it doubles."""
    return 1 << count.bit_length()


def _score_groups(tags: Sequence[str], members: Mapping[str, int], weight: Mapping[str, float], bit: int
                  ) -> Iterable[int]:
    """Masks of the articles sharing tags with one article (``bit``, which carries them all), best
    score first, each article once.

    Every combination of the article's tags that some other article carries in full is a candidate
    score; an article first turns up under the combination of all the tags it shares, the highest.
    Scores are compared rounded (to 9 places: sums of the same weights in another order are equal);
    sorting them unrounded gives the same order, and only the levels read are rounded.
    """
    scored: list[tuple[float, int]] = []
    # The article's own bit taken out of its tags' masks, which stay positive: ANDing a negative
    # one (``~bit``) would cost CPython a complement of the whole mask each time.
    stack: list[tuple[int, int, float]] = []
    for j, tag in enumerate(tags):
        alone = members[tag] ^ bit
        if alone:
            scored.append((weight[tag], alone))
            stack.append((j + 1, alone, weight[tag]))
    while stack:  # depth first over combinations, pruned where no other article has them all
        start, mask, score = stack.pop()
        for j in range(start, len(tags)):
            both = mask & members[tags[j]]
            if both:
                scored.append((score + weight[tags[j]], both))
                stack.append((j + 1, both, score + weight[tags[j]]))
    scored.sort(key=itemgetter(0), reverse=True)
    taken = group = 0
    level = None
    # ``group ^ (group & taken)``, not ``group & ~taken``: the complement of a wide mask costs ten ANDs.
    for score, mask in scored:
        rounded = round(score, 9)
        if rounded != level:
            if group := group ^ (group & taken):
                yield group
                taken |= group
            group, level = 0, rounded
        group |= mask
    if group := group ^ (group & taken):
        yield group


_FEW = 16  # set bits that _nearest sorts at once


def _nearest(mask: int, pos: int, low: int, days: Sequence[int], day_span: Mapping[int, list[int]],
             keys: Sequence[str]) -> Iterable[int]:
    """Positions of the set bits of ``mask`` (never ``pos``) by distance in days from ``pos``, then by
    key; ``low``: the bits below ``pos``."""
    day = days[pos]
    if mask.bit_count() <= _FEW:  # all at once: a few big-int steps fewer per article
        yield from sorted(_bits(mask, 0), key=lambda p: (abs(days[p] - day), keys[p]))
        return
    below = mask & low
    above = mask ^ below
    next_below: list[int] = []
    next_above: list[int] = []
    while below or above or next_below or next_above:
        if not next_below and below:
            top = below.bit_length() - 1
            start = day_span[days[top]][0]
            next_below = _bits(below >> start, start)
            below &= (1 << start) - 1
        if not next_above and above:
            first = (above & -above).bit_length() - 1
            end = day_span[days[first]][1]
            next_above = _bits(above & ((1 << (end + 1)) - 1), 0)
            above = above >> (end + 1) << (end + 1)
        gap_below = day - days[next_below[0]] if next_below else None
        gap_above = days[next_above[0]] - day if next_above else None
        if gap_above is None or (gap_below is not None and gap_below < gap_above):
            yield from next_below
            next_below = []
        elif gap_below is None or gap_above < gap_below:
            yield from next_above
            next_above = []
        else:  # as far before as after: by key
            yield from sorted(next_below + next_above, key=lambda p: keys[p])
            next_below, next_above = [], []


def _bits(mask: int, offset: int) -> list[int]:
    """Positions of the set bits, ascending.

    Taken from the top: clearing the highest bit costs CPython one pass over the int, where taking the
    lowest (``mask & -mask``) costs a negation too, three times as long on wide masks. Past
    ``_MANY`` bits, the rest is read off ``bin``'s digits in one pass.
    """
    found = []
    while mask:
        if len(found) == _MANY:
            digits = bin(mask)
            last = len(digits) - 1 + offset  # the position of the last digit's bit
            at = digits.find("1", 2)
            while at != -1:
                found.append(last - at)
                at = digits.find("1", at + 1)
            break
        top = mask.bit_length() - 1
        found.append(top + offset)
        mask ^= 1 << top
    found.reverse()
    return found


_MANY = 48
