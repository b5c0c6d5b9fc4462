"""A large archive's paragraph texts out of memory, from the tag stage on.

At 100,000 articles the texts are 0.6 GB of the main process (strings and ``Paragraph`` objects), held
from the parse to the pages' writing, through the tag stage's peak. After the link stage only the tag
stage's scan and the page's rendering (in worker processes) read them, once each. So ``spill_bodies``
writes each body's paragraphs to one file, in order, and gives each article a ``model.StoredBody``
that reads them back when asked; the render workers read their articles' texts from that file
themselves rather than have them pickled over. The texts' memory goes back to the system right
after (``memo.give_back_memory``), before the tag stage grows the process: at 100,000 articles with a
real vocabulary the run's peak fell from 2,480 to 2,018 MiB (1,970 with the tag stage's own trims).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .memo import BodyDigests
from .model import Article, Block, BodyFile, Paragraph, StoredBody, evolve, packed_body

# Below this many articles the texts are a few hundred MB at most (10,000 articles: 60 MB of a
# 290 MB peak): not worth a file written and read back.
SPILL_FROM = 20_000


def spills(articles: int) -> bool:
    """Whether a run of ``articles`` articles keeps their texts in a file (see the module)."""
    return articles >= SPILL_FROM


@contextmanager
def body_file(folder: Path, articles: int) -> Iterator[BodyFile | None]:
    """A fresh ``BodyFile`` in ``folder`` for a run of ``articles`` articles, removed after the block; None
    below ``SPILL_FROM`` articles. The files of runs killed before they could remove theirs (the memory's
    peak is where a system short of memory stops a process) are removed first: one run at a time holds
    a project's ``build`` folder."""
    if not spills(articles):
        yield None
        return
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob("bodies-*.bin"):
        leftover.unlink(missing_ok=True)
    file = BodyFile(folder / f"bodies-{os.getpid()}.bin")
    try:
        yield file
    finally:
        file.close()
        file.path.unlink(missing_ok=True)


def spill_bodies(groups: Sequence[Sequence[Article]], file: BodyFile, bodies: BodyDigests
                 ) -> list[Sequence[Article]]:
    """Each group of articles with its bodies' paragraphs in ``file`` (see the module). A body shared by
    articles of several groups becomes one stored body; bodies with the same paragraphs (the same
    objects, other figures: ``images: local`` copies every body) share their texts in the file.
    ``bodies`` keeps each body's digest under its stored body. A body without paragraphs, or with a
    paragraph holding NUL (the separator; ``read`` takes it out of every file), stays in memory. Where
    the file cannot be written (a full disk), every text stays in memory: the groups come back as
    they were."""
    stored: dict[int, StoredBody] = {}
    # By first paragraph, the body whose texts were written first and where: no object made per body
    # here, which would be left among the stored bodies' objects and keep memory from being given back.
    first_body: dict[Paragraph, tuple[Block, ...]] = {}
    first_stored: dict[Paragraph, StoredBody] = {}
    moves = []
    result = []
    try:
        with file.path.open("wb") as out:
            for articles in groups:
                spilled = []
                for article in articles:
                    body = article.body
                    new = stored.get(id(body)) if type(body) is tuple else None
                    if new is None and type(body) is tuple:
                        new = _stored(body, article.opening, file, out, first_body, first_stored)
                        if new is not None:
                            stored[id(body)] = new
                            moves.append((body, new))
                    spilled.append(article if new is None else evolve(article, body=new))
                result.append(spilled)
    except OSError:
        return list(groups)
    for body, new in moves:
        bodies.moved(body, new)
    return result


def _stored(body: tuple[Block, ...], opening: str, file: BodyFile, out: BinaryIO,
            first_body: dict[Paragraph, tuple[Block, ...]], first_stored: dict[Paragraph, StoredBody]
            ) -> StoredBody | None:
    """``body`` stored: its paragraphs written to ``out``, unless a body stored before has the same ones; None if
    it stays in memory."""
    data, figures = packed_body(body)
    if data is None:
        return None
    first = next(block for block in body if type(block) is Paragraph)
    earlier = first_body.get(first)
    if earlier is not None:
        same = first_stored[first]
        if same.size == len(data) and packed_body(earlier)[0] == data:  # packed again only if the sizes match
            return StoredBody(file, same.offset, same.size, figures, len(body),
                              same.opening if same.opening == opening else _copy(opening))
    new = StoredBody(file, out.tell(), len(data), figures, len(body), _copy(opening))
    out.write(data)
    if earlier is None:
        first_body[first], first_stored[first] = body, new
    return new


def _copy(text: str) -> str:
    """A copy of ``text``: the paragraph's own string would keep its memory page from being given back (see
    memo.give_back_memory)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
