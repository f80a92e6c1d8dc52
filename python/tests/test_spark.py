"""The Spark job against one machine: in Spark local mode, over the corpus and WARC and JSONL
dumps made from it, the job must give the very records (and articles, and errors) that the
single-machine path gives for the same files, each exactly once, also when a task fails and
is retried and when a dump is damaged.

Runs in scripts/test.d/21-spark.sh, which installs pyspark; skipped where pyspark or Java is
missing. One SparkSession serves the whole module because starting one takes seconds.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17 or later)", allow_module_level=True)

import dealwire  # noqa: E402
from dealwire import spark as job  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


# --- inputs: the corpus and dumps built from it ----------------------------------------------


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))


def page_of(path: Path) -> bytes:
    """A corpus article as an HTML page: pages as they are, texts wrapped in paragraphs."""
    if path.suffix == ".html":
        return path.read_bytes()
    text = path.read_text("utf-8")
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paras = "".join(f"<p>{p}</p>\n" for p in esc.split("\n\n") if p.strip())
    return f"<html><head><meta charset=\"utf-8\"></head><body><article>\n{paras}</article></body></html>".encode()


def warc_record(kind: str, headers: dict, payload: bytes) -> bytes:
    head = [b"WARC/1.0", f"WARC-Type: {kind}".encode()]
    head += [f"{k}: {v}".encode() for k, v in headers.items()]
    head += [f"Content-Length: {len(payload)}".encode()]
    return b"\r\n".join(head) + b"\r\n\r\n" + payload + b"\r\n\r\n"


def response_record(n: int, url: str, html: bytes) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(html)}\r\n\r\n".encode()
        + html
    )
    return warc_record(
        "response",
        {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>",
            "WARC-Date": "2021-05-18T10:00:00Z",
            "WARC-Target-URI": url,
            "Content-Type": "application/http; msgtype=response",
        },
        http,
    )


def warc_records(files: list[Path]) -> list[bytes]:
    info = warc_record(
        "warcinfo",
        {"WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0000-999999999999>",
         "Content-Type": "application/warc-fields"},
        b"software: dealwire test\r\n",
    )
    return [info] + [
        response_record(i, f"https://news.example/{f.stem}", page_of(f)) for i, f in enumerate(files)
    ]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A folder of every input kind the job reads, plus damaged dumps."""
    d = tmp_path_factory.mktemp("inputs")
    shutil.copytree(CORPUS, d / "corpus")
    files = corpus_files()
    half = len(files) // 2
    recs = warc_records(files[:half])
    (d / "a.warc").write_bytes(b"".join(recs))
    # One gzip member per record, as Common Crawl writes them.
    (d / "b.warc.gz").write_bytes(b"".join(gzip.compress(r) for r in warc_records(files[half:])))
    lines = [
        json.dumps({"url": f"https://jsonl.example/{f.stem}", "text": f.read_text("utf-8")})
        for f in files[::3]
    ]
    (d / "c.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (d / "d.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines[::2]) + "\n").encode()))
    # Real-world WARC files too, where the machine has some (e.g. ../shared/data/warc); the
    # suite passes without them on a clean clone.
    extra = os.environ.get("DEALWIRE_SPARK_WARC_DIR")
    if extra and Path(extra).is_dir():
        shutil.copytree(extra, d / "real")
    return d


@pytest.fixture(scope="module")
def damaged(tmp_path_factory) -> Path:
    """A gzipped WARC with one member's bytes flipped and its last member cut short, and a
    plain WARC cut in the middle of a record."""
    d = tmp_path_factory.mktemp("damaged")
    members = [gzip.compress(r) for r in warc_records(corpus_files()[:8])]
    bad = bytearray(members[3])
    for i in range(20, min(60, len(bad) - 10)):
        bad[i] ^= 0x5A
    members[3] = bytes(bad)
    members[-1] = members[-1][: len(members[-1]) // 2]
    (d / "flipped-and-cut.warc.gz").write_bytes(b"".join(members))
    whole = b"".join(warc_records(corpus_files()[8:12]))
    (d / "truncated.warc").write_bytes(whole[: len(whole) - 700])
    return d


# --- one machine ------------------------------------------------------------------------------


def single_machine(paths: list[Path]) -> dict[str, list[dict]]:
    """What one machine makes of the files, through the binding's `read` + `extract_many`,
    which is `dealwire extract FILE --articles --errors` in-process."""
    out: dict[str, list[dict]] = {"deals": [], "articles": [], "errors": []}
    for p in paths:
        for res in dealwire.extract_many(
            dealwire.read(p, errors="yield"), jobs=2, errors="yield", articles=True
        ):
            if isinstance(res, Exception):
                out["errors"].append({"input": res.origin, "kind": res.kind, "stage": res.stage})
            else:
                out["deals"] += res[0]
                out["articles"].append(res[1])
    return out


def all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(job.DIR_EXTENSIONS))


def canon(rows: list[dict]) -> list[str]:
    """Rows as a sorted list of canonical JSON texts: a multiset, so a duplicate shows."""
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def read_jsonl_dir(d: Path) -> list[dict]:
    rows = []
    for part in sorted(d.glob("part-*")):
        opener = gzip.open if part.name.endswith(".gz") else open
        with opener(part, "rt", encoding="utf-8") as fh:
            rows += [json.loads(ln) for ln in fh if ln.strip()]
    return rows


# --- Spark --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    """Local mode with two cores and up to two attempts per task (`local[2,2]`), so that an
    injected failure is retried as a cluster would retry it. The fault-injection marker exists
    (disarmed) unless a test removes it."""
    from pyspark.sql import SparkSession

    marker = tmp_path_factory.mktemp("fault") / "failed-once"
    marker.touch()
    os.environ[job.FAIL_ONCE_ENV] = str(marker)
    session = (
        SparkSession.builder.master("local[2,2]")
        .appName("dealwire-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.fault_marker = marker
    yield session
    session.stop()
    os.environ.pop(job.FAIL_ONCE_ENV, None)


def test_the_job_gives_the_single_machine_records_field_for_field(spark, inputs, tmp_path):
    out = tmp_path / "out"
    counts = job.run(spark, [str(inputs)], str(out))
    want = single_machine(all_files(inputs))
    got = {k: read_jsonl_dir(out / k) for k in job.KINDS}
    assert len(want["deals"]) > 100
    assert canon(got["deals"]) == canon(want["deals"])
    assert canon(got["articles"]) == canon(want["articles"])
    assert sorted(e["input"] for e in got["errors"]) == sorted(e["input"] for e in want["errors"])
    assert counts["deals"] == len(want["deals"]) and counts["files"] == len(all_files(inputs))
    # The folder's small files share tasks (each counted as at least 4 MB: a few tasks).
    assert 2 <= counts["tasks"] < counts["files"] / 10
    assert counts["pages"] == len(want["articles"]) + len(want["errors"])
    for k in job.KINDS:
        assert (out / k / "_SUCCESS").exists()


def test_the_binary_gives_the_same_records_when_it_is_there(spark, inputs, tmp_path):
    """`dealwire extract` itself, when the suite says where the built command is."""
    binary = os.environ.get("DEALWIRE_BIN")
    if not binary or not Path(binary).exists():
        pytest.skip("DEALWIRE_BIN not set (scripts/test.d/21-spark.sh sets it)")
    out = tmp_path / "out"
    job.run(spark, [str(inputs / "a.warc"), str(inputs / "b.warc.gz"), str(inputs / "c.jsonl")], str(out))
    cmd = subprocess.run(
        [binary, "extract", str(inputs / "a.warc"), str(inputs / "b.warc.gz"), str(inputs / "c.jsonl")],
        capture_output=True, check=False,
    )
    assert cmd.returncode in (0, 1), cmd.stderr.decode(errors="replace")
    want = [json.loads(ln) for ln in cmd.stdout.decode().splitlines() if ln.strip()]
    assert want and canon(read_jsonl_dir(out / "deals")) == canon(want)


def test_a_damaged_dump_gives_error_rows_and_the_job_succeeds(spark, damaged, tmp_path):
    out = tmp_path / "out"
    counts = job.run(spark, [str(damaged / "*")], str(out), compression="gzip")
    want = single_machine(all_files(damaged))
    got = {k: read_jsonl_dir(out / k) for k in job.KINDS}
    assert want["errors"], "the damaged fixtures must give errors"
    assert counts["errors"] == len(want["errors"]) == len(got["errors"])
    inputs_named = {e["input"].split(":")[0] for e in got["errors"]}
    assert any("flipped-and-cut.warc.gz" in i for i in inputs_named)
    assert any("truncated.warc" in i for i in inputs_named)
    for e in got["errors"]:
        assert set(e) == {"input", "url", "stage", "kind", "status", "message"}
        assert e["message"]
    # The undamaged records still come through, each once.
    assert got["deals"] and canon(got["deals"]) == canon(want["deals"])
    assert canon(got["articles"]) == canon(want["articles"])
    assert any(p.name.endswith(".gz") for p in (out / "deals").glob("part-*"))


def test_a_task_that_fails_once_is_retried_and_no_record_is_written_twice(spark, inputs, tmp_path):
    marker: Path = spark.fault_marker
    marker.unlink()  # armed: the first task to emit an article fails once
    out = tmp_path / "out"
    counts = job.run(spark, [str(inputs / "a.warc"), str(inputs / "b.warc.gz")], str(out))
    assert marker.exists(), "the injected failure did not happen"
    want = single_machine([inputs / "a.warc", inputs / "b.warc.gz"])
    got = read_jsonl_dir(out / "deals")
    assert len(got) == len(want["deals"])
    # The failed attempt's rows are not counted either.
    assert counts["deals"] == len(want["deals"]) and counts["articles"] == len(want["articles"])
    assert canon(got) == canon(want["deals"])
    assert canon(read_jsonl_dir(out / "articles")) == canon(want["articles"])


def strip_nulls(v):
    """Parquet has no "absent": an optional field that was left out reads back as null."""
    if isinstance(v, dict):
        return {k: strip_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [strip_nulls(x) for x in v]
    return v


def test_the_command_writes_parquet_with_the_record_schema(spark, inputs, tmp_path):
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != job.FAIL_ONCE_ENV}
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"{inputs / 'b.warc.gz'}\n# a comment\n{inputs / 'c.jsonl'}\n")
    cmd = subprocess.run(
        [sys.executable, "-m", "dealwire.spark", "--list", str(listing), "--output", str(out),
         "--format", "parquet", "--master", "local[1]"],
        capture_output=True, env=env, check=False, timeout=600,
    )
    assert cmd.returncode == 0, cmd.stderr.decode(errors="replace")[-3000:]
    assert b"deal records" in cmd.stderr
    df = spark.read.parquet(str(out / "deals"))
    assert df.schema == job.schemas()["deals"]
    got = [strip_nulls(r.asDict(recursive=True)) for r in df.collect()]
    want = single_machine([inputs / "b.warc.gz", inputs / "c.jsonl"])["deals"]
    assert got and canon(got) == canon([strip_nulls(r) for r in want])


def test_an_input_that_names_nothing_is_a_usage_error(spark, tmp_path):
    with pytest.raises(job.UsageError, match="nothing-here"):
        job.run(spark, [str(tmp_path / "nothing-here*.warc")], str(tmp_path / "out"))


def test_jsonl_refuses_a_save_mode_its_renames_cannot_keep(spark, inputs, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(job.UsageError, match="'append'"):
        job.run(spark, [str(inputs / "c.jsonl")], str(out), mode="append")
    assert not out.exists()  # refused before anything was written
    job.run(spark, [str(inputs / "c.jsonl")], str(out), mode="overwrite")
    assert (out / "deals" / "_SUCCESS").exists()


def month_of(article: dict) -> str:
    return article["published"][:7] if article.get("published") else job.UNDATED


def test_partitioned_by_month_each_row_is_in_its_articles_month(spark, inputs, tmp_path):
    out = tmp_path / "out"
    counts = job.run(spark, [str(inputs)], str(out), partition_by="month")
    want = single_machine(all_files(inputs))
    months = {"deals": set(), "articles": set()}
    for kind in months:
        got = []
        for folder in sorted((out / kind).iterdir()):
            if not folder.is_dir():
                continue
            assert folder.name.startswith("month="), folder
            month = folder.name.split("=", 1)[1]
            rows = read_jsonl_dir(folder)
            for row in rows:
                assert month_of(row["article"] if kind == "deals" else row) == month, row
            months[kind].add(month)
            got += rows
        assert canon(got) == canon(want[kind])
        assert counts[kind] == len(want[kind])
    # The inputs hold dated and undated articles, so both kinds of folder must be there.
    assert job.UNDATED in months["articles"] and len(months["articles"]) > 1
    assert months["deals"] <= months["articles"]
    # Errors have no month: one flat folder, as without partitioning.
    errors = read_jsonl_dir(out / "errors")
    assert sorted(e["input"] for e in errors) == sorted(e["input"] for e in want["errors"])
    assert not [p for p in (out / "errors").iterdir() if p.is_dir()]
    assert not list(out.glob("kind=*"))


def test_parquet_by_month_without_articles(spark, inputs, tmp_path):
    out = tmp_path / "out"
    files = [inputs / "b.warc.gz", inputs / "c.jsonl"]
    counts = job.run(spark, [str(f) for f in files], str(out), fmt="parquet",
                     partition_by="month", articles=False)
    assert not (out / "articles").exists() and counts["articles"] == 0
    df = spark.read.parquet(str(out / "deals"))
    rows = [r.asDict(recursive=True) for r in df.collect()]
    assert rows and all(r.pop("month") == month_of(r["article"]) for r in rows)
    one = single_machine(files)
    want = one["deals"]
    assert canon([strip_nulls(r) for r in rows]) == canon([strip_nulls(r) for r in want])
    assert counts["deals"] == len(want)
    assert counts["pages"] == len(one["articles"]) + len(one["errors"])


def test_a_bad_partitioning_is_a_usage_error(spark, inputs, tmp_path):
    with pytest.raises(job.UsageError, match="day"):
        job.run(spark, [str(inputs / "c.jsonl")], str(tmp_path / "out"), partition_by="day")


# --- packing files into tasks --------------------------------------------------------------------


def test_small_files_are_packed_into_as_many_even_tasks_as_cores():
    files = [(f"f{i:02}", 10 + i) for i in range(40)]
    tasks = job.plan_tasks(files, cores=4, max_bytes=1 << 20, open_cost=0)
    assert len(tasks) == 4
    assert sorted(u for t in tasks for u in t) == [u for u, _ in files]
    weights = [sum(10 + int(u[1:]) for u in t) for t in tasks]
    assert max(weights) - min(weights) <= 49  # no task heavier than another by a whole file


def test_a_big_input_gets_a_task_per_max_bytes_and_a_file_is_never_split():
    files = [("huge", 500), ("a", 40), ("b", 40), ("c", 30)]
    tasks = job.plan_tasks(files, cores=1, max_bytes=100, open_cost=10)
    # 650 bytes counted with the open costs: seven tasks wanted, four files to make them of.
    assert sorted(tasks) == [["a"], ["b"], ["c"], ["huge"]]
    tasks = job.plan_tasks([("a", 40), ("b", 40), ("c", 30)], cores=1, max_bytes=100, open_cost=10)
    assert sorted(map(len, tasks)) == [1, 2]


def test_files_of_unknown_size_are_tasks_of_their_own():
    files = [("s3a://b/1.warc.gz", None), ("s3a://b/2.warc.gz", None), ("x", 5), ("y", 5)]
    tasks = job.plan_tasks(files, cores=1, max_bytes=100, open_cost=0)
    assert sorted(tasks) == [["s3a://b/1.warc.gz"], ["s3a://b/2.warc.gz"], ["x", "y"]]
    assert job.plan_tasks([], cores=2, max_bytes=100, open_cost=0) == []


def test_a_folder_packed_a_file_a_task_gives_the_same_records(spark, inputs, tmp_path):
    """The task size comes from Spark's own setting; at one byte every file is its own task."""
    spark.conf.set("spark.sql.files.maxPartitionBytes", "1b")
    try:
        listed = job.list_inputs(spark, [str(inputs)], [])
        assert all(size is not None for _, size in listed)
        counts = job.run(spark, [str(inputs)], str(tmp_path / "out"))
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert counts["files"] == counts["tasks"] == len(listed)
    want = single_machine(all_files(inputs))
    assert canon(read_jsonl_dir(tmp_path / "out" / "deals")) == canon(want["deals"])


def test_a_local_folder_is_listed_as_hadoop_lists_it(spark, tmp_path):
    """Local folders are walked by the library, not by Hadoop's local filesystem (which
    starts a process a file); both must find the same files, whatever their names hold."""
    for rel in ("a b/one 100%41.warc", "a b/_SUCCESS", "a b/_part.txt", "x/y/ünï.jsonl.gz",
                "x/skip.md", "x/.hidden.txt", "top.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * len(rel))
    listed = job.list_inputs(spark, [str(tmp_path)], [])
    jvm = spark.sparkContext._jvm
    folder = jvm.org.apache.hadoop.fs.Path(str(tmp_path))
    fs = folder.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    by_hadoop = job._hadoop_files(fs, folder)
    assert sorted((job._local_path(u), n) for u, n in listed) == sorted(
        (job._local_path(u), n) for u, n in by_hadoop
    )
    assert {os.path.relpath(job._local_path(u), tmp_path) for u, _ in listed} == {
        "a b/one 100%41.warc", "x/y/ünï.jsonl.gz", "top.txt"
    }
    # A file named alone and found in its folder is one input, not two.
    again = job.list_inputs(spark, [str(tmp_path), str(tmp_path / "top.txt")], [])
    assert again == listed


def test_a_file_gone_between_the_walk_and_its_size_is_no_input(spark, tmp_path, monkeypatch):
    (tmp_path / "kept.warc").write_bytes(b"x")
    walk = dealwire.files
    monkeypatch.setattr(dealwire, "files", lambda p: walk(p) + [os.path.join(p, "gone.warc")])
    listed = job.list_inputs(spark, [str(tmp_path)], [])
    assert [os.path.basename(job._local_path(u)) for u, _ in listed] == ["kept.warc"]


def test_the_outputs_last_moves_are_the_same_on_the_local_disk_and_through_hadoop(spark, tmp_path):
    def tree(root: Path) -> set[str]:
        return {
            str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() and not p.name.endswith(".crc")
        }

    made = {}
    for name in ("local", "hadoop"):
        root = tmp_path / name
        for rel in ("kind=deals/part-0.txt", "kind=errors/month=unknown/part-1.txt",
                    "kind=articles/month=2021-05/part-2.txt", "_SUCCESS"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(rel)
        fs = job._LocalOutput(str(root)) if name == "local" else job._HadoopOutput(
            spark, root.as_uri())
        job._finish_jsonl(fs, ["deals", "articles", "errors"], by_month=True)
        made[name] = tree(root)
    assert made["local"] == made["hadoop"] == {
        "_SUCCESS", "deals/part-0.txt", "deals/_SUCCESS", "articles/month=2021-05/part-2.txt",
        "articles/_SUCCESS", "errors/part-1.txt", "errors/_SUCCESS",
    }


def test_a_relative_output_is_the_folder_hadoop_resolves(spark, tmp_path, monkeypatch):
    """Spark writes a relative output under the JVM's working folder, which need not be this
    process's (a notebook that changed folder after starting its session): the moves after
    the write must go where the writer wrote."""
    monkeypatch.chdir(tmp_path)
    jvm_dir = spark.sparkContext._jvm.java.lang.System.getProperty("user.dir")
    fs = job._output_fs(spark, "out")
    assert isinstance(fs, job._LocalOutput) and fs.root == os.path.join(jvm_dir, "out")


# --- the JVM the job starts itself --------------------------------------------------------


class RecordingBuilder:
    """Stands for ``SparkSession.builder``: records what is configured."""

    def __init__(self):
        self.conf: dict[str, str] = {}

    def config(self, key, value):
        self.conf[key] = value
        return self


JAVA_KEYS = ("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")


def test_a_jvm_the_job_starts_compiles_with_c1_only():
    conf = job.configure(RecordingBuilder(), env={}).conf
    assert {k: conf.get(k) for k in JAVA_KEYS} == {k: job.JVM_OPTIONS for k in JAVA_KEYS}
    assert "TieredStopAtLevel=1" in job.JVM_OPTIONS


def test_under_spark_submit_the_submitters_jvm_options_rule():
    assert job.configure(RecordingBuilder(), env={"PYSPARK_GATEWAY_PORT": "4242"}).conf == {}


def test_the_jvm_options_can_be_replaced_or_dropped():
    env = {job.JVM_OPTIONS_ENV: "-Xss4m"}
    assert job.configure(RecordingBuilder(), env=env).conf[JAVA_KEYS[0]] == "-Xss4m"
    assert job.configure(RecordingBuilder(), env={job.JVM_OPTIONS_ENV: " "}).conf == {}


def test_options_from_spark_defaults_are_kept_before_the_jobs(tmp_path, monkeypatch):
    (tmp_path / "spark-defaults.conf").write_text(
        "# site settings\nspark.executor.extraJavaOptions  -Dsite=1 -Xss2m\n"
        "spark.executor.memory 4g\n"
        "# spark.driver.extraJavaOptions -Dcommented=1\n"
        "spark.driver.extraJavaOptions=-Dsite=2\n"
    )
    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path))
    conf = job.configure(RecordingBuilder(), env={}).conf
    assert conf["spark.executor.extraJavaOptions"] == f"-Dsite=1 -Xss2m {job.JVM_OPTIONS}"
    assert conf["spark.driver.extraJavaOptions"] == f"-Dsite=2 {job.JVM_OPTIONS}"
