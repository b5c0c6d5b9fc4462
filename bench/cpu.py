"""Where a cold ``generate`` spends its CPU time, in every process: the main one and its workers.

Usage::

    .venv/bin/python bench/cpu.py --articles 10000 [--rare-words N] [--seed 1] [--rate 100] [--json PATH]

Synthesises the archive as ``bench/run.py`` does, sets its ``build/`` aside (a cold run), and runs the
same measured ``generate`` as ``bench/run.py`` under py-spy (``pip install py-spy``: a sampling
profiler that reads the processes from outside, so the generator runs unchanged), which follows the
fork server's workers too. Each sample of a busy thread is 1/rate seconds of CPU; waiting threads
are not sampled. Prints

- the wall time, the CPU time of the main process and of the workers, and the wall time that CPU
  time would take on this machine's cores if every core were busy all along (the floor for this
  code, whatever the pipeline's shape);
- the CPU time by stage: in the main process, the function ``generator.cli._generate`` called; in
  a worker, the task it ran;
- the functions that used the most CPU themselves.

Writes the numbers as JSON to ``build/bench/cpu-<N>.json`` (``cpu-<N>-rare<N>.json``). py-spy
needs to be allowed to read other processes' memory (ptrace): as root, or with
``kernel.yama.ptrace_scope`` 0. Sampling costs the measured processes little (``--nonblocking``:
they are not paused), but the wall time is still a little longer than ``bench/run.py``'s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import CHECKOUT_ENV, compile_modules, empty_trash, set_aside, write_report  # noqa: E402

_PROCESS = "process "
_LOCATION = re.compile(r" \((.*?):\d+\)$")  # py-spy's "function (file:line)": the line dropped


def _frame(text: str) -> str:
    """A py-spy frame as ``function (file)``, the file relative to the repository or site-packages."""
    found = _LOCATION.search(text)
    if not found:
        return text
    where = found.group(1).split("site-packages/")[-1].removeprefix(str(ROOT) + "/")
    return f"{text[:found.start()]} ({where})"


def cpu_profile(samples: Path, rate: float) -> dict[str, Any]:
    """py-spy's raw samples (``--format raw``: one line per stack, its frames ``;``-joined, root first,
    each process ``process PID:"command"``, then its count) as CPU seconds: by process role and stage,
    and by the function running."""
    stages: Counter[tuple[str, str]] = Counter()
    own: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    with samples.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not count.isdigit():
                continue
            frames = stack.split(";")
            role = "worker" if sum(f.startswith(_PROCESS) for f in frames) > 1 else "main"
            # A process's command may hold ";" (the fork server's does): only frames with a place are code.
            code = [_frame(f) for f in frames if not f.startswith(_PROCESS) and _LOCATION.search(f)]
            roles[role] += int(count)
            stages[role, _stage(role, code)] += int(count)
            if code:
                own[code[-1]] += int(count)
    seconds = {role: n / rate for role, n in roles.items()}
    return {"cpu_seconds": seconds,
            "stages": [{"role": role, "stage": stage, "seconds": n / rate}
                       for (role, stage), n in stages.most_common()],
            "functions": [{"function": name, "seconds": n / rate} for name, n in own.most_common(30)]}


def _stage(role: str, code: list[str]) -> str:
    """The stage a stack is in: the frame below ``_generate`` (main process) or ``_process_worker``
    (a worker's task); else what the process does around the stages."""
    parent = "_generate (generator/cli.py)" if role == "main" else "_process_worker (concurrent/futures/process.py)"
    if parent in code:
        at = code.index(parent)
        return code[at + 1] if at + 1 < len(code) else parent
    if any(f.startswith("Thread.run ") for f in code):
        return "other threads (handing tasks to the workers)"
    return "start-up, imports and the rest" if role == "main" else "start-up, the fork server, the resource tracker"


def run_profiled(project: Path, out: Path, rate: float) -> dict[str, Any]:
    """The benchmark's cold ``generate`` child under py-spy: its own result (stage times), and wall."""
    spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if spy is None:
        raise SystemExit("bench/cpu.py needs py-spy: .venv/bin/pip install py-spy")
    command = [spy, "record", "--subprocesses", "--nonblocking", "--rate", str(rate), "--format", "raw",
               "--output", str(out), "--", sys.executable, str(ROOT / "bench" / "run.py"),
               "--child", "generate", "--project", str(project)]
    env = {**os.environ, **CHECKOUT_ENV, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0 or not out.exists():
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"py-spy failed ({done.returncode}); it needs permission to trace (ptrace)")
    result: dict[str, Any] = {}
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line.removeprefix("BENCH-RESULT "))
    result["wall"] = wall
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rare-words", type=int, default=0, help="as bench/run.py: a real archive's vocabulary")
    parser.add_argument("--rate", type=float, default=100, help="samples a second (default 100)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    from bench.synth import synthesise

    compile_modules()
    name = f"{args.articles}-rare{args.rare_words}" if args.rare_words else str(args.articles)
    project = ROOT / "build" / "bench" / name
    synthesise(args.articles, project, args.seed, args.rare_words)
    set_aside(project / "build")  # cold: no caches, no pages
    samples = ROOT / "build" / "bench" / f"cpu-{name}.samples"
    samples.parent.mkdir(parents=True, exist_ok=True)
    print(f"generate, cold, under py-spy ({args.articles} articles) …", flush=True)
    result = run_profiled(project, samples, args.rate)
    empty_trash()
    profile = cpu_profile(samples, args.rate)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    total = sum(profile["cpu_seconds"].values())
    report = {"articles": args.articles, "rare_words": args.rare_words, "rate": args.rate, "cores": cores,
              "wall": result["wall"], "stage_seconds": result.get("seconds", {}), "cpu_total": total,
              "all_cores_busy_wall": total / cores, **profile}
    laps = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in report["stage_seconds"].items())
    print(f"\nwall {report['wall']:.2f} s (stages: {laps})")
    print(f"CPU {total:.2f} s: main {profile['cpu_seconds'].get('main', 0):.2f}, "
          f"workers {profile['cpu_seconds'].get('worker', 0):.2f}; on {cores} cores busy all along: "
          f"{total / cores:.2f} s wall; the cores were busy {total / cores / report['wall']:.0%} of the run")
    print("\nCPU s  process  stage")
    for row in profile["stages"]:
        if row["seconds"] >= 0.05:
            print(f"{row['seconds']:6.2f}  {row['role']:7}  {row['stage']}")
    print("\nCPU s  function (its own time)")
    for row in profile["functions"][:20]:
        print(f"{row['seconds']:6.2f}  {row['function']}")
    write_report(report, args.json or ROOT / "build" / "bench" / f"cpu-{name}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
