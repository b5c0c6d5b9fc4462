"""Accuracy gate: extraction quality on the labelled sample archive must not drop below its floor.

Labels (tests/fixtures/labelled/sample_labels.json) were written by the
sample's author, independently of the parser: per file the title, language,
date and its precision, publisher, which archive articles its teasers and
related lines point to ("-" for a headline not in the archive) and how many
boilerplate paragraphs it ends with.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from generator.config import load_config
from generator.corpus import read_corpus
from generator.link import assign_paths, link_related

from .conftest import REPO

LABELS = Path(__file__).parent / "fixtures" / "labelled"


def _scores() -> dict[str, float]:
    config = load_config(REPO / "site_config.yml", docs_dir="/tmp/unused-docs", site_dir="/tmp/unused-site")
    corpus = read_corpus(config, use_cache=False)
    articles = {a.source.file: a for a in link_related(assign_paths(corpus.articles))}
    path_to_id = {a.path: name.split("_")[0] for name, a in articles.items()}
    hits: dict[str, list[bool]] = defaultdict(list)
    for label in json.loads((LABELS / "sample_labels.json").read_text(encoding="utf-8")):
        article = articles.get(label["file"])
        if article is None:
            for field in ("title", "language", "date", "date_precision", "publisher", "related", "removed"):
                hits[field].append(False)
            continue
        related = sorted(path_to_id.get(r.url, "?") if r.url else "-" for r in article.related)
        hits["title"].append(article.title == label["title"])
        hits["language"].append(article.language == label["language"])
        hits["date"].append(article.date.isoformat() == label["date"])
        hits["date_precision"].append(article.date_precision == label["date_precision"])
        hits["publisher"].append(article.source.publisher == label["publisher"])
        hits["related"].append(related == sorted(label["related_to"]))
        hits["removed"].append(len(article.removed) == label["removed"])
    scores = {field: sum(values) / len(values) for field, values in hits.items()}
    scores["overall"] = sum(sum(v) for v in hits.values()) / sum(len(v) for v in hits.values())
    return scores


def test_extraction_accuracy_stays_above_floor(capsys: pytest.CaptureFixture[str]) -> None:
    floor = json.loads((LABELS / "floor.json").read_text(encoding="utf-8"))
    scores = _scores()
    with capsys.disabled():
        print("\nextraction accuracy on the labelled sample:",
              ", ".join(f"{field} {score:.2f}" for field, score in scores.items()))
    below = {f: (round(scores[f], 3), floor[f]) for f in scores if scores[f] < floor[f]}
    assert not below, f"accuracy below the recorded floor (score, floor): {below}"
