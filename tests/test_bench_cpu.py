"""bench/cpu.py: py-spy's samples of a run, every process's, counted as CPU seconds by stage."""

from bench.cpu import cpu_profile

MAIN = 'process 10:"python bench/run.py --child generate"'
SERVER = 'process 11:"python -c from multiprocessing.forkserver import main; main(10, 11)"'
WORKER = 'process 12:"python -c from multiprocessing.forkserver import main; main(10, 11)"'
GENERATE = ("<module> (run.py:622);_child_generate (run.py:93);generate (generator/cli.py:69);"
            "_generate (generator/cli.py:101)")
TASK = ("<module> (<string>:1);main (multiprocessing/forkserver.py:274);"
        "_process_worker (concurrent/futures/process.py:261)")

SAMPLES = f"""\
{MAIN};{GENERATE};tag_articles (generator/tag.py:2800);_scan (generator/tag.py:857) 30
{MAIN};{GENERATE};write_docs (generator/write.py:700);_store (generator/write.py:1002) 10
{MAIN};<module> (run.py:622);_child_generate (run.py:80);_find_and_load (<frozen importlib._bootstrap>:1176) 5
{MAIN};Thread._bootstrap (threading.py:995);Thread.run (threading.py:975);Queue._feed (multiprocessing/queues.py:250) 3
{MAIN};{SERVER};{WORKER};{TASK};_parse_tasks (generator/corpus.py:159);_parse_raw (generator/parse.py:442) 40
{MAIN};{SERVER};{WORKER};{TASK};_scan_shared (generator/tag.py:1000);_scan (generator/tag.py:857) 20
{MAIN};{SERVER};<module> (<string>:1);main (multiprocessing/forkserver.py:274) 2
"""


def test_samples_counted_by_process_and_stage(tmp_path):
    samples = tmp_path / "cpu.samples"
    samples.write_text(SAMPLES, encoding="utf-8")
    profile = cpu_profile(samples, rate=100)
    # 100 samples a second: each sample of a busy thread is 10 ms of CPU.
    assert profile["cpu_seconds"] == {"main": 0.48, "worker": 0.62}
    stages = {(row["role"], row["stage"]): row["seconds"] for row in profile["stages"]}
    assert stages == {
        ("main", "tag_articles (generator/tag.py)"): 0.30,
        ("main", "write_docs (generator/write.py)"): 0.10,
        ("main", "start-up, imports and the rest"): 0.05,
        ("main", "other threads (handing tasks to the workers)"): 0.03,
        ("worker", "_parse_tasks (generator/corpus.py)"): 0.40,
        ("worker", "_scan_shared (generator/tag.py)"): 0.20,
        ("worker", "start-up, the fork server, the resource tracker"): 0.02,
    }
    # The same function in two processes is one row: the scan's own time, shared by main and worker.
    functions = {row["function"]: row["seconds"] for row in profile["functions"]}
    assert functions["_scan (generator/tag.py)"] == 0.50
    assert functions["_parse_raw (generator/parse.py)"] == 0.40
    # Commands are no frames: the fork server's ";" does not make "main(10, 11)" a function.
    assert not any("main(10" in name for name in functions)
