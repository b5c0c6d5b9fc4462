"""Tell a text's language: py3langid's answers, got quicker.

py3langid (a naive Bayes classifier over the byte n-grams of a text) tells the language of news text
well, but loading its model and walking its byte automaton were half of all parsing. Each of the
ways below gives py3langid's own answers:

- its model, unpacked once per machine into the user's cache folder, is mapped into memory
  (``_unpacked_identifier``);
- the automaton is walked over a whole text at once, with NumPy (``_Classifier``);
- a process that tells the language of a few texts only (a re-run after an edit or a new article)
  scores them in plain Python on the mapped arrays, without importing NumPy, 0.07 s
  (``_PlainClassifier``); where rounding could make its answer differ, NumPy's path answers.
"""

from __future__ import annotations

import json
import math
import struct
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .memo import library_version

LANGUAGE_SAMPLE = 400  # characters
FEWEST_WORDS = 4  # in a sample: fewer cannot tell a language


@cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import _load_identifier

    # py3langid ships its model inside the package: no download at run time.
    return _unpacked_identifier() or _load_identifier(norm_probs=True)


def _unpacked_identifier():  # type: ignore[no-untyped-def]
    """py3langid's identifier from its model kept in the user's cache folder, or None.

    py3langid unpacks its LZMA-compressed model on every load: 1.5-2 s, paid by each parse worker of
    a first run and by every run that meets a changed file. The same arrays, unpacked once per
    machine and model and kept bare (``~/.cache/archive-site/``, 68 MB), are mapped into memory, not
    read: a run that tells the language of one changed file reads the few pages it needs, where
    unpacking them from a compressed 8 MB file took 0.2-0.3 s, and the parse workers of a first run
    share one copy. They are put together as py3langid's own ``from_model_file`` does, so the
    answers are its own.
    """
    import lzma
    import mmap
    import os

    try:
        import numpy as np
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
        from py3langid.modelio import _to_array

        packed = Path(MODEL_DIR) / MODEL_FILE  # as py3langid's from_model_file finds it
        kept = _kept_model(packed)
        if not kept.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            with lzma.open(packed) as source, np.load(source, allow_pickle=False) as data:
                arrays = {key: data[key] for key in _MODEL_ARRAYS}
            tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
            tmp.write_bytes(_pack_arrays(arrays))
            os.replace(tmp, kept)  # parse workers may unpack at the same time: each file whole
            for stale in kept.parent.glob("py3langid-*"):  # other models' and older formats'
                if stale != kept and not stale.name.endswith(".tmp"):
                    stale.unlink(missing_ok=True)
        try:
            with kept.open("rb") as handle:
                data = _unpack_arrays(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        except ValueError:
            kept.unlink(missing_ok=True)  # damaged (files are only ever replaced whole): made again next time
            raise
        # The transition table stays a mapped NumPy array (the quick walk reads it as one): a copy as
        # py3langid's stdlib array would read all of its 39 MB.
        return LanguageIdentifier(
            data["ptc"], data["pc"], data["classes"].tolist(),
            data["nextmove"], data["out_feat"].tolist(), norm_probs=True,
            tk_row=_to_array(data["nextmove_row"]))
    except (ImportError, AttributeError, OSError, KeyError, ValueError, TypeError, lzma.LZMAError):
        return None  # another py3langid, no cache folder, a damaged file: py3langid loads its model itself


def _kept_model(packed: Path) -> Path:
    """Where the arrays of py3langid's model file ``packed`` are kept unpacked (``_pack_arrays``)."""
    import hashlib

    from platformdirs import user_cache_dir

    name = hashlib.blake2b(packed.read_bytes(), digest_size=8).hexdigest()
    return Path(user_cache_dir("archive-site")) / f"py3langid-{name}.v{_ARRAYS_FORMAT}.arrays"


_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_ARRAYS_FORMAT = 2  # in the file's name and first line: a file of another format is another file
_ARRAYS_MAGIC = f"archive-site arrays {_ARRAYS_FORMAT}\n".encode()
_ALIGN = 64  # bytes: each array starts at a multiple, as NumPy's own files align them


def _pack_arrays(arrays: dict[str, Any]) -> bytes:
    """NumPy arrays as one file to map into memory: a magic line, a JSON header (name: dtype, shape,
    offset), then each array's bytes at its offset. No pickle: nothing in the file is ever executed.
    Like the other caches, the file is only ever replaced whole (a cut-short file is refused); a
    checksum would have to read all 68 MB on every load."""
    import numpy as np

    layout, blobs, at = {}, [], 0
    for name, array in arrays.items():
        data = np.ascontiguousarray(array).tobytes()
        layout[name] = [array.dtype.str, list(array.shape), at]
        blobs.append(data + bytes(-len(data) % _ALIGN))
        at += len(blobs[-1])
    header = json.dumps(layout).encode()
    head = _ARRAYS_MAGIC + len(header).to_bytes(8, "little") + header
    return b"".join([head, bytes(-len(head) % _ALIGN), *blobs])


def _unpack_arrays(data: Any) -> dict[str, Any]:
    """The arrays ``_pack_arrays`` packed, on ``data`` (bytes, or a file mapped into memory) without
    a copy; ValueError for anything else."""
    import numpy as np

    return {name: np.frombuffer(data, dtype=np.dtype(dtype), count=math.prod(shape), offset=at).reshape(shape)
            for name, (dtype, shape, at) in _array_layout(data).items()}


def _array_layout(data: Any) -> dict[str, tuple[str, tuple[int, ...], int]]:
    """Each array's NumPy type (as ``dtype.str``), shape and first byte in ``data``, an arrays file
    (``_pack_arrays``); ValueError for anything else. Read without NumPy."""
    if data[:len(_ARRAYS_MAGIC)] != _ARRAYS_MAGIC or len(data) < len(_ARRAYS_MAGIC) + 8:
        raise ValueError("not an arrays file")
    view = memoryview(data)
    at = len(_ARRAYS_MAGIC) + 8
    size = int.from_bytes(view[at - 8:at], "little")
    header = json.loads(bytes(view[at:at + size]))
    start = at + size + (-(at + size) % _ALIGN)
    layout, end = {}, start
    for name, (dtype, shape, offset) in header.items():
        # "<f2": 2 bytes an item; "<U3": 3 characters of 4 bytes
        itemsize = int(dtype[2:]) * (4 if dtype[1] == "U" else 1)
        stop = start + offset + math.prod(shape) * itemsize
        if stop > len(data):
            raise ValueError("arrays file of the wrong size")
        layout[name] = (dtype, tuple(shape), start + offset)
        end = max(end, stop)
    if end + (-end % _ALIGN) != len(data):
        raise ValueError("arrays file of the wrong size")
    return layout


# py3langid finds its features by walking a byte automaton, one Python step per byte: ~40 % of all
# parsing. That automaton forgets: after any 6 bytes it is in the same state whatever state it started
# from (tests/test_parse.py proves it for the model below), so the state after each byte is a function
# of the 6 bytes ending there, and all states can be found at once, 6 array steps over the whole text.
# The scoring after it is py3langid's own arithmetic, in the same order, so the answers are identical;
# any other model (another py3langid) takes py3langid's own path.
_WINDOW = 6  # bytes
_VERIFIED_MODEL = ("0.4.0", 104583, 9816576, (100053, 142))  # version, states, transitions, table


class _Classifier:
    """py3langid's ``classify`` for a ``norm_probs`` identifier, with the automaton walk vectorised."""

    def __init__(self, identifier) -> None:  # type: ignore[no-untyped-def]
        import numpy as np

        self.np = np
        self.identifier = identifier
        nextmove = identifier.tk_nextmove  # an array mapped from the kept model, or py3langid's own array
        self.nextmove = nextmove if isinstance(nextmove, np.ndarray) else np.frombuffer(
            nextmove, dtype=np.dtype(nextmove.typecode))
        self.rowbase = np.frombuffer(identifier.tk_row, dtype=np.dtype(identifier.tk_row.typecode)).astype(np.intp) << 8
        self.output = np.asarray(identifier.tk_output, dtype=np.intp)
        # py3langid's own lists: quicker than NumPy arrays for the few single steps at the start.
        self.step_rowbase, self.step_nextmove = identifier._rowbase, identifier.tk_nextmove
        # The table's rows in float32, each converted the first time a text needs it: py3langid multiplies
        # float32 counts by the float16 table, and NumPy converted every row a text needed, every time,
        # in software (two fifths of the time a language took). The conversion is exact, so the sums are
        # the same to the last bit. Rows never needed stay untouched memory, never resident.
        self.table = np.empty(identifier.nb_ptc.shape, dtype=np.float32)
        self.converted = np.zeros(len(identifier.nb_ptc), dtype=bool)

    def classify(self, text: str) -> tuple[str, float]:
        """``(language, probability)`` exactly as ``identifier.classify(text)`` gives them."""
        np, ident = self.np, self.identifier
        data = _encoded(text)
        features = self._features(data)
        if features is None:
            scores = np.full(len(ident.nb_classes), 0.0, dtype=np.float32)
        else:
            # py3langid sums the features in the order they first occur (a Counter's order): the same
            # order here, so that the float sums are the same to the last bit.
            found, first, counts = np.unique(features, return_index=True, return_counts=True)
            order = np.argsort(first)
            rows = found[order]
            if len(new := rows[~self.converted[rows]]):
                self.table[new] = ident.nb_ptc[new]
                self.converted[new] = True
            scores = np.log1p(counts[order].astype(np.float32)) @ self.table[rows] + ident.nb_pc
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for i, j in ident._alias_pairs:
            scores[i] += scores[j]
            scores[j] = 0.0
        best = int(scores.argmax())
        return ident.nb_classes[best], float(scores[best])

    def _features(self, data: bytes):  # type: ignore[no-untyped-def]
        """The feature of each byte's state that has one, in text order; None if none has."""
        np = self.np
        states = []
        state = 0
        rowbase, nextmove = self.step_rowbase, self.step_nextmove
        for letter in data[:_WINDOW - 1]:  # the first bytes have fewer than _WINDOW before them
            state = nextmove[rowbase[state] + letter]
            states.append(state)
        head = np.array(states, dtype=np.intp)
        if len(data) >= _WINDOW:
            letters = np.frombuffer(data, dtype=np.uint8)
            ends = len(data) - _WINDOW + 1
            tail = np.zeros(ends, dtype=np.intp)
            for k in range(_WINDOW):
                tail = self.nextmove[self.rowbase[tail] + letters[k:k + ends]]
            head = np.concatenate((head, tail))
        features = self.output[head]
        features = features[features >= 0]
        return features if len(features) else None


@cache
def _plain_classifier() -> _PlainClassifier | None:
    """The plain-Python classifier on the kept model, or None: another py3langid, no kept model yet
    (NumPy's path unpacks it), a machine that orders bytes the other way."""
    import importlib.util
    import mmap
    try:
        spec = importlib.util.find_spec("py3langid")  # found, not imported: py3langid imports NumPy
        if library_version("py3langid") != _VERIFIED_MODEL[0] or sys.byteorder != "little" or not spec:
            return None
        # where py3langid 0.4.0 keeps its model (langid.MODEL_DIR / MODEL_FILE)
        packed = Path(*spec.submodule_search_locations or ()) / "data" / "model.npz.xz"
        with _kept_model(packed).open("rb") as handle:
            return _PlainClassifier(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    except (ImportError, OSError, ValueError, KeyError, TypeError):
        return None


_FLOAT32_ROUNDING = 2.0 ** -24  # relative, of each operation


class _PlainClassifier:
    """py3langid's ``classify`` (a ``norm_probs`` identifier) in plain Python, on the kept model's
    arrays mapped into memory: the automaton walked byte by byte as py3langid walks it, the features'
    rows of the table read as they are needed.

    py3langid sums its scores in float32, this class in float64: their probabilities differ in the
    seventh digit. Both are within a bound of the exact sums (each float32 operation is off by at most
    one part in 2**24 of what it adds up), so where that bound leaves the best language, or which side
    of 0.5 its probability is on, in doubt, ``classify`` does not answer."""

    def __init__(self, data: Any) -> None:
        layout = _array_layout(data)
        view = memoryview(data)

        def array(name: str, dtype: str, code: str) -> memoryview:
            kind, shape, at = layout[name]
            if kind != dtype or len(shape) != 1:
                raise ValueError(f"{name}: {kind} {shape}")
            return view[at:at + shape[0] * struct.calcsize(code)].cast(code)

        self.nextmove = array("nextmove", "<u4", "I")
        self.row = array("nextmove_row", "<u2", "H")
        self.output = array("out_feat", "<i4", "i")
        self.prior = array("pc", "<f4", "f").tolist()
        kind, shape, at = layout["classes"]
        if kind[:2] != "<U" or len(shape) != 1:
            raise ValueError(f"classes: {kind} {shape}")
        width = int(kind[2:])
        names = bytes(view[at:at + shape[0] * width * 4]).decode("utf-32-le")
        self.classes = [names[i:i + width].rstrip("\0") for i in range(0, len(names), width)]
        kind, shape, self.table = layout["ptc"]
        if kind != "<f2" or shape[1:] != (len(self.classes),) or len(self.prior) != len(self.classes):
            raise ValueError(f"ptc: {kind} {shape}")
        self.table_row = struct.Struct(f"<{len(self.classes)}e")
        self.data = data
        first: dict[str, int] = {}
        self.alias_pairs = [(first[c], i) for i, c in enumerate(self.classes) if first.setdefault(c, i) != i]

    def classify(self, text: str) -> tuple[str, float] | None:
        """``(language, probability)``: py3langid's language, and a probability on the same side of 0.5
        as its own; None where rounding leaves that in doubt."""
        data = _encoded(text)
        nextmove, row, output = self.nextmove, self.row, self.output
        state, features = 0, []
        for letter in data:
            state = nextmove[(row[state] << 8) + letter]
            if (feature := output[state]) >= 0:
                features.append(feature)
        counts = Counter(features)
        if counts:
            scores, size = self.prior, max(map(abs, self.prior))  # size: of the largest sum
            for feature, count in counts.items():
                weight = math.log1p(count)
                line = self.table_row.unpack_from(self.data, self.table + feature * self.table_row.size)
                scores = [s + weight * x for s, x in zip(scores, line, strict=True)]
                size += weight * max(map(abs, line))
        else:
            scores, size = [0.0] * len(self.classes), 0.0
        scale = 1.0 / math.sqrt(len(data) or 1)
        top = max(scores)
        odds = [math.exp((s - top) * scale) for s in scores]
        total = sum(odds)
        probabilities = [o / total for o in odds]
        for i, j in self.alias_pairs:
            probabilities[i] += probabilities[j]
            probabilities[j] = 0.0
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        # How far py3langid's scores may be from the exact ones: each of its float32 sums of len(counts)
        # products, plus the prior, then scaled and less the largest, within a few roundings of ``size``.
        # Probabilities are ratios of exp(score): each within a factor exp(2 * that) of the exact one,
        # and a little more for float32 exp, sum and division.
        error = (len(counts) + 8) * _FLOAT32_ROUNDING * size * scale
        slack = math.exp(2 * error) * (1 + 2.0 ** -14)
        probability = probabilities[best]
        if probability / slack < 0.5 <= probability * slack:
            return None
        # Above 0.5 by that margin, the best is the best in py3langid's sums too: the others add up to less.
        return self.classes[best], probability


def _encoded(text: str) -> bytes:
    """The bytes py3langid classifies of ``text``, as its ``_encode`` makes them."""
    return unicodedata.normalize("NFC", text.lower() if text.isupper() else text).encode("utf8", errors="surrogatepass")


@cache
def _classifier() -> Callable[[str], tuple[str, float]]:
    identifier = _identifier()
    model = (library_version("py3langid"), len(identifier.tk_row), len(identifier.tk_nextmove), identifier.nb_ptc.shape)
    if model != _VERIFIED_MODEL or not identifier._norm_probs or identifier.min_confidence is not None:
        return identifier.classify
    return _Classifier(identifier).classify


_PLAIN_CALLS = 16  # texts a process scores in plain Python (3 ms each) before it loads NumPy (0.07 s, then
# 0.3 ms each): a re-run after a few edits never loads it; a first run's parse workers lose 0.05 s each


class _Languages:
    """Tells the language of one text after another: the first ``plain_calls`` texts in plain Python
    where it is sure of py3langid's answer (``_PlainClassifier``), the others with NumPy."""

    def __init__(self, plain_calls: int = _PLAIN_CALLS) -> None:
        self.plain_calls = plain_calls
        self.calls = 0  # texts classified

    def classify(self, text: str) -> tuple[str, float]:
        """``(language, probability)``: py3langid's language, and a probability on the same side of 0.5
        as its own."""
        self.calls += 1
        if self.calls <= self.plain_calls and (plain := _plain_classifier()) and (answer := plain.classify(text)):
            return answer
        return _classifier()(text)


@cache
def _languages() -> _Languages:
    return _Languages()


def detect_language(text: str, default: str, known: Mapping[str, str] | None = None) -> str:
    """ISO 639-1 code of ``text``; ``default`` when the text is too short to tell.

    ``known`` holds the answers of earlier calls with the same ``default``, by sample (the first
    ``LANGUAGE_SAMPLE`` characters, all that is read): an edit below an article's opening changes
    no sample, and a run that finds every answer there never loads the language model (0.1 s from
    the file cache, seconds from disk).
    """
    # The opening paragraphs tell the language as well as the whole text does, and langid
    # costs time per character (half of all parsing at 800): 2,000, 800, 400 and 300 characters gave
    # the same language for each of 3,000 synthetic articles and every fixture, sample and golden file,
    # and so did 400 without the title for 10,000 synthetic articles and those files.
    sample = text[:LANGUAGE_SAMPLE]
    if known is not None and (language := known.get(sample)) is not None:
        return language
    if len(sample.split()) < FEWEST_WORDS:
        return default
    language, probability = _languages().classify(sample)
    return language if probability >= 0.5 else default
