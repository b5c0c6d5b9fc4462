"""Language detection: py3langid's answers, by quicker ways (see generator/language.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.language import (
    _WINDOW,
    LANGUAGE_SAMPLE,
    _classifier,
    _identifier,
    _Languages,
    _pack_arrays,
    _plain_classifier,
    _unpack_arrays,
    _unpacked_identifier,
)
from generator.read import decode_text


def _language_samples() -> list[str]:
    """Texts of every kind: the archive's own files, other scripts, odd cases (caps, marks, no features)."""
    root = Path(__file__).parent
    files = [p for folder in ("fixtures", "golden/content") for p in sorted((root / folder).rglob("*"))
             if p.suffix in (".txt", ".md")]
    files += sorted((root.parent / "content").glob("*.txt"))
    texts = [decode_text(p.read_bytes())[0] for p in files]
    texts += [
        "Der Stadtrat hat am Dienstag beschlossen, das alte Zollhaus zu kaufen.",
        "THE COUNCIL DECIDED ON TUESDAY TO BUY THE OLD CUSTOMS HOUSE.",
        "Городской совет во вторник решил купить старое здание таможни.",
        "市议会周二决定购买旧海关大楼并将其改造成博物馆。",
        "Le conseil municipal a décidé mardi d'acheter l'ancienne douane.",
        "e\u0301te\u0301 cafe\u0301 ﬁn ① Ｆｕｌｌ　ｗｉｄｔｈ",  # NFC and compatibility forms
        "\ud800 lone surrogate, written as it came",
        "a", "ab", "abcde", "abcdef", "abcdefg", "🙂🙂🙂 🙂", "1234 5678 9012 3456",
    ]
    return [sample for text in texts for sample in (text, text[:LANGUAGE_SAMPLE], text[:9], text.upper())]


def test_language_is_py3langids_answer_exactly() -> None:
    """Language detection walks py3langid's automaton its own (quicker) way: same language, same probability."""
    classify = _classifier()
    identifier = _identifier()
    samples = _language_samples()
    assert len(samples) > 150
    assert [classify(text) for text in samples] == [identifier.classify(text) for text in samples]


def test_unpacked_language_model_answers_as_py3langids_own() -> None:
    """The model kept unpacked in the user's cache folder is py3langid's, array for array."""
    from py3langid.langid import _load_identifier

    own = _load_identifier(norm_probs=True)
    unpacked = _unpacked_identifier()
    assert unpacked is not None
    assert unpacked.nb_classes == own.nb_classes and unpacked.tk_output == own.tk_output
    # the transition table stays the mapped NumPy array, the rest is as py3langid makes it
    assert unpacked.tk_nextmove.tobytes() == own.tk_nextmove.tobytes() and unpacked.tk_row == own.tk_row
    assert unpacked.tk_nextmove.dtype.itemsize == own.tk_nextmove.itemsize
    assert (unpacked.nb_ptc == own.nb_ptc).all() and (unpacked.nb_pc == own.nb_pc).all()
    assert (unpacked.nb_ptc.dtype, unpacked.nb_pc.dtype) == (own.nb_ptc.dtype, own.nb_pc.dtype)
    assert unpacked.tk_row.typecode == own.tk_row.typecode
    samples = _language_samples()
    assert [unpacked.classify(text) for text in samples] == [own.classify(text) for text in samples]


def test_kept_model_arrays_come_back_as_they_were() -> None:
    """The arrays file, mapped into memory: arrays of any type and shape come back equal; a file cut
    short, grown or of another kind is refused."""
    import numpy as np
    from platformdirs import user_cache_dir

    assert _unpacked_identifier() is not None
    [kept] = Path(user_cache_dir("archive-site")).glob("py3langid-*.arrays")
    assert _unpack_arrays(kept.read_bytes())["ptc"].shape == (100053, 142)
    arrays = {"a": np.arange(1000, dtype=np.uint32).reshape(10, 100), "b": np.array(["de", "ru"]),
              "c": np.array([-1.5], dtype=np.float16), "d": np.zeros(0, dtype=np.int64)}
    packed = _pack_arrays(arrays)
    back = _unpack_arrays(packed)
    assert all(back[k].dtype == v.dtype and back[k].shape == v.shape and (back[k] == v).all() for k, v in arrays.items())
    for damaged in (packed[:-1], packed + b"x", b"PK" + packed[2:], packed[:100]):
        with pytest.raises(ValueError):
            _unpack_arrays(damaged)


def test_a_damaged_kept_model_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged arrays file gives py3langid's own model this time and is unpacked afresh the next."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _unpacked_identifier() is not None
    [kept] = tmp_path.rglob("py3langid-*.arrays")
    whole = kept.read_bytes()
    kept.write_bytes(whole[: len(whole) // 2])
    assert _unpacked_identifier() is None
    assert not kept.exists()
    assert _unpacked_identifier() is not None
    assert kept.read_bytes() == whole


def test_language_model_forgets_after_the_window() -> None:
    """What the quick walk relies on: from any state, any _WINDOW bytes lead to the state they lead to from
    the start. Checked over every pair of states the automaton can be in after each further byte."""
    import numpy as np

    identifier = _identifier()
    if _classifier() == identifier.classify:
        pytest.skip("another py3langid model: detect_language uses py3langid's own walk")
    nextmove = np.asarray(identifier.tk_nextmove).astype(np.int64)
    row = np.frombuffer(identifier.tk_row, dtype=np.dtype(identifier.tk_row.typecode)).astype(np.int64)
    letters = np.arange(256)
    # States with the same row of transitions go on alike: track pairs of rows, (any state, start state).
    left = np.unique(row)
    right = np.full_like(left, row[0])
    for _ in range(_WINDOW):
        next_left = nextmove[left[:, None] * 256 + letters].ravel()
        next_right = nextmove[right[:, None] * 256 + letters].ravel()
        apart = next_left != next_right
        pairs = np.unique(row[next_left[apart]] << 20 | row[next_right[apart]])
        left, right = pairs >> 20, pairs & ((1 << 20) - 1)
    assert len(left) == 0




def test_unpacking_the_model_removes_older_kept_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new model or file format replaces the kept one: the old file (once a 68 MB .npz) goes."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "archive-site"
    folder.mkdir()
    (folder / "py3langid-0123456789abcdef.npz").write_bytes(b"an older model")
    (folder / "unrelated.txt").write_text("kept", encoding="utf-8")
    assert _unpacked_identifier() is not None
    assert sorted(p.suffix for p in folder.iterdir()) == [".arrays", ".txt"]


def test_plain_python_gives_py3langids_answers() -> None:
    """Scored in plain Python (a re-run's few texts): py3langid's language, its probability to five
    places, on the same side of 0.5."""
    plain, identifier = _plain_classifier(), _identifier()
    assert plain is not None
    samples = _language_samples()
    answers = [plain.classify(text) for text in samples]
    assert sum(answer is None for answer in answers) <= 2
    for text, answer in zip(samples, answers, strict=True):
        if answer is not None:
            language, probability = identifier.classify(text)
            assert answer[1] == pytest.approx(probability, abs=1e-5)
            assert (answer[1] >= 0.5) == (probability >= 0.5)
            assert answer[0] == language or probability < 0.5


def test_where_rounding_could_tip_the_answer_numpy_gives_it() -> None:
    """A text py3langid calls French with a probability of 0.500002: float32 rounding could put that
    on either side of 0.5, so plain Python does not answer, and NumPy's path gives py3langid's answer."""
    text = "The council decided on Tuesday to buy  Le conseil municipal a décidé mardi d'ac"
    language, probability = _identifier().classify(text)
    assert language == "fr" and 0.5 < probability < 0.50001
    plain = _plain_classifier()
    assert plain is not None and plain.classify(text) is None
    assert _Languages().classify(text) == (language, probability)


TELL = ("import sys; from generator.language import detect_language; "
        "print(detect_language('Der Stadtrat hat am Dienstag beschlossen, das alte Zollhaus zu kaufen.', 'en'), "
        "detect_language('The council decided on Tuesday to buy the old customs house.', 'de'), "
        "'numpy' in sys.modules)")


def test_a_few_texts_are_told_without_loading_numpy(tmp_path: Path) -> None:
    """A run that tells the language of a few texts (a re-run after an edit) does not import NumPy
    (0.07 s) once the model is kept unpacked; the first run on a machine unpacks it."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def tell() -> list[str]:
        return subprocess.run([sys.executable, "-c", TELL], env=env, capture_output=True, text=True, check=True,
                              cwd=Path(__file__).parent.parent).stdout.split()

    assert tell() == ["de", "en", "True"]
    assert len(list(tmp_path.rglob("py3langid-*.arrays"))) == 1
    assert tell() == ["de", "en", "False"]
