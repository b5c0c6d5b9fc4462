"""Work spread over cores gives the pages one core gives, byte for byte."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest

from generator.cli import generate
from generator.config import load_config
from generator.parallel import map_chunks, worker_cores

from .conftest import make_archive

TOWNS = ["Velsburg", "Moorrode", "Eichenfeld", "Waldrode", "Südheim"]
TOPICS = ["Hafenausbau", "Stadtwerke", "Schulreform", "Radwegenetz", "Klinikfusion", "Wasserpreise"]


def _squares(numbers: list[int]) -> list[tuple[int, int]]:
    return [(n * n, os.getpid()) for n in numbers]


def test_chunks_come_back_in_order_from_more_than_one_process() -> None:
    results = [r for chunk in map_chunks(_squares, list(range(1000)), chunk=100, minimum=400) for r in chunk]
    assert [square for square, _ in results] == [n * n for n in range(1000)]
    if worker_cores() > 1:
        assert len({pid for _, pid in results} - {os.getpid()}) >= 2


def _noted(numbers: list[int], folder: str) -> list[int]:
    """A chunk's work that leaves a file behind, and takes a moment."""
    Path(folder, f"{numbers[0]}.done").touch()
    time.sleep(0.02)
    return numbers


def test_a_caller_that_stops_early_waits_for_no_more_chunks_than_those_under_way(tmp_path: Path) -> None:
    """Every chunk handed out at once (as the article pages are), then the caller stops after the first
    result (an error while writing the pages): the chunks not yet started are never worked on."""
    if worker_cores() < 2:
        pytest.skip("one core: no worker processes")
    chunks = map_chunks(partial(_noted, folder=str(tmp_path)), list(range(10_000)), chunk=100, ahead=None)
    assert next(chunks) == list(range(100))
    chunks.close()
    worked = len(list(tmp_path.iterdir()))
    assert worked < 20  # of 100: the workers' own and the few the pool had sent them


@contextmanager
def _one_core() -> Iterator[None]:
    """This process limited to one of the machine's cores, as a container or ``taskset`` limits it."""
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("no CPU affinity on this system")
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


def test_a_process_limited_to_one_core_starts_no_workers() -> None:
    """``os.cpu_count()`` tells the machine's cores, not those this process may use: workers on a
    machine's other cores would only take turns on the one it has."""
    with _one_core():
        results = [r for chunk in map_chunks(_squares, list(range(1000)), chunk=100, minimum=400) for r in chunk]
    assert [square for square, _ in results] == [n * n for n in range(1000)]
    assert {pid for _, pid in results} == {os.getpid()}


def test_small_work_stays_in_this_process() -> None:
    assert {pid for chunk in map_chunks(_squares, list(range(50))) for _, pid in chunk} == {os.getpid()}
    assert list(map_chunks(_squares, [])) == []


def _archive(root: Path, count: int) -> Path:
    archive = make_archive(root, "listing_page_size: 50\n")
    for n in range(count):
        town, topic = TOWNS[n % len(TOWNS)], TOPICS[n % len(TOPICS)]
        archive.add(f"{2020 + n % 4}/{n:04d}.txt", f"""
            {topic} in {town}: Folge {n}
            https://img.example.org/{n}.jpg
            Der Stadtrat von {town} hat am {1 + n % 28}. März über {topic} beraten, Sitzung Nummer {n}.
            Die Verwaltung legte dazu einen Bericht vor, den die Fraktionen unterschiedlich bewerteten.
            Mehr zum Thema – {topic} in {TOWNS[(n + 1) % len(TOWNS)]}: was bisher geschah
        """)
    return archive.config


def _docs(config_file: Path) -> dict[str, bytes]:
    config = load_config(config_file)
    generate(config)
    return {p.relative_to(config.docs_dir).as_posix(): p.read_bytes()
            for p in config.docs_dir.rglob("*") if p.is_file()}


def test_a_large_archive_parsed_and_rendered_on_all_cores_gives_the_one_core_pages(tmp_path: Path) -> None:
    spread = _docs(_archive(tmp_path / "spread", 450))
    with _one_core():
        single = _docs(_archive(tmp_path / "single", 450))
    assert len([p for p in spread if p.startswith("articles/")]) == 450
    assert spread.keys() == single.keys()
    assert [p for p in spread if spread[p] != single[p]] == []
