"""Parsing speed on one core: ``bench/parse_speed.py [--articles N]``.

Synthesises N raw articles (as ``bench/run.py`` does) unless they exist, then
parses them in this one process, without the parse cache, and prints articles
per second, with language detection timed apart (a third of the work).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import synthesise  # noqa: E402
from generator.language import detect_language  # noqa: E402
from generator.parse import parse_article  # noqa: E402
from generator.read import read_sources  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    project = ROOT / "build" / "bench" / str(args.articles)
    synthesise(args.articles, project)
    files = read_sources(project / "content").files
    parse_article(files[0], "de")  # load the language model first: a one-off, not per article
    started = time.perf_counter()
    for source in files:
        parse_article(source, "de")
    parse = time.perf_counter() - started
    started = time.perf_counter()
    for source in files:
        detect_language(source.text, "de")
    detect = time.perf_counter() - started
    print(f"{len(files)} articles parsed in {parse:.2f} s on one core: {len(files) / parse:.0f} articles/s "
          f"(language detection {detect:.2f} s of it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
