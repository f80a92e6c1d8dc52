"""dealwire as an Apache Spark job: deal records from many dumps on a cluster.

    python -m dealwire.spark INPUT... --output DIR [--format jsonl|parquet] [--master URL]
        [--partition-by month] [--no-articles]
    spark-submit .../dealwire/spark.py INPUT... --output DIR

INPUT is a file, a folder or a glob, on the local disk or any Hadoop filesystem (``s3a://``,
``gs://``, ``hdfs://``, ``file://``), or ``--list FILE`` names a file listing them, one a line
(gzipped or not, e.g. Common Crawl's ``warc.paths.gz`` with ``--prefix s3a://commoncrawl/``).
Folders are walked for the extensions ``dealwire extract`` picks up.

Why it is shaped this way:

- A task is one or more whole input files. A dump file is the unit Spark can schedule, retry
  and speculate on without knowing WARC or gzip framing; small files are packed into one task
  as Spark's file sources pack them (``spark.sql.files.maxPartitionBytes``), because a task
  has a fixed cost. Inside a task each file streams through the Rust reader and pipeline
  in-process (``extract_many(read(path))``), so a task holds one file's reader and a bounded
  window of documents, never a whole file.
- Every output row goes through Spark's own DataFrame writers and their commit protocol: a
  task that fails or loses to a speculative copy has its files discarded, so each record is
  in the output exactly once, whatever was retried.
- Rows leave the Python workers as Arrow record batches (``mapInArrow``) of JSON lines that
  the Rust side has already serialised: no per-row pickling, no decoding and re-encoding of
  records in Python, no per-row conversion on the JVM.
- The extraction runs once. JSONL is written in one pass, partitioned by kind (and month),
  whose folders are then renamed to ``deals/``, ``articles/``, ``errors/``; Parquet, whose
  three outputs have three schemas, persists the rows to the executors' disks and writes the
  three outputs from there.
- A damaged record or an input that is no article is an error row, not a failed task, as it
  is an error record and not a crash in ``dealwire extract``. A file that cannot be fetched
  from a remote filesystem fails its task, so Spark retries it.

Records are exactly those ``dealwire extract`` writes for the same files (the same library
computes them); the articles are its ``--articles`` lines and the errors its ``--errors``.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import re
import shutil
import sys
import tempfile
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple
from urllib.parse import quote, unquote, urlparse

try:
    from pyspark.accumulators import AccumulatorParam
except ImportError:  # the task-side functions work without pyspark (tests, benchmarks)
    AccumulatorParam = object  # type: ignore[assignment,misc]

# File name endings a folder is walked for, as `dealwire extract` does (src/fetch/local.rs).
DIR_EXTENSIONS = (
    ".arc", ".gz", ".htm", ".html", ".jsonl", ".ndjson", ".text", ".txt", ".warc", ".xhtml",
)

FAIL_ONCE_ENV = "DEALWIRE_SPARK_FAIL_ONCE"
"""Fault injection for the retry test: when set to a path that does not exist yet, the first
task to get there creates it and fails after writing part of its rows, so Spark must retry it
and the output shows whether the retry duplicated anything."""

KINDS = ("deals", "articles", "errors")

JVM_OPTIONS_ENV = "DEALWIRE_SPARK_JVM_OPTIONS"
"""Replaces :data:`JVM_OPTIONS` for the JVM this module starts (empty: the JVM's defaults)."""

JVM_OPTIONS = "-XX:TieredStopAtLevel=1"
"""Options for a JVM the job starts itself: compile with C1 only. The JVM here only carries
bytes (Arrow batches in, JSON lines out) while the work is done in the Python workers; the
optimising C2 compiler spent 0.65-1.0 s of CPU on every run of the benchmark even in a warm
session, more than the JVM's own work, and on a machine whose cores are all running tasks that
time is taken from them (`benches/runs/2026-12-07-spark-4/`)."""

_ERROR_FIELDS = ("input", "url", "stage", "kind", "status", "message")


# --- the task side: one file through the binding -------------------------------------------


def _local_path(uri: str) -> Optional[str]:
    """The local path of a ``file:`` URI or plain path; None for a remote filesystem."""
    parsed = urlparse(uri)
    if parsed.scheme in ("", "file"):
        return unquote(parsed.path, errors="surrogateescape") if parsed.scheme else uri
    # A Windows drive letter parses as a one-letter scheme.
    if len(parsed.scheme) == 1:
        return uri
    return None


def _fetch_remote(uri: str, into: str) -> str:
    """Copies a remote file to the task's local disk, streaming, and returns its path.

    Executors have no JVM gateway to call Hadoop's FileSystem with, so this uses pyarrow's
    filesystems (S3, GCS, HDFS), which Spark distributions and the usual cluster images ship.
    The copy keeps the file's name so that its ending still tells the reader its format.
    """
    try:
        from pyarrow import fs as pafs
    except ImportError as e:  # pragma: no cover - depends on the cluster's image
        raise RuntimeError(
            f"{uri}: reading a remote file needs pyarrow on the executors "
            "(pip install pyarrow into the job's environment)"
        ) from e
    parsed = urlparse(uri)
    # Hadoop's scheme names for the same stores.
    scheme = {"s3a": "s3", "s3n": "s3", "gcs": "gs"}.get(parsed.scheme, parsed.scheme)
    filesystem, path = pafs.FileSystem.from_uri(f"{scheme}://{parsed.netloc}{parsed.path}")
    local = os.path.join(into, unquote(os.path.basename(parsed.path)) or "input")
    with filesystem.open_input_stream(path) as src, open(local, "wb") as dst:
        shutil.copyfileobj(src, dst, 8 << 20)
    return local


def _error_row(e: BaseException, name: str, local: str) -> Dict[str, Any]:
    """An error as ``dealwire extract --errors`` writes it, naming the input as given."""
    origin = getattr(e, "origin", None) or name
    message = str(e)
    if local != name:
        # A fetched file was read under its temporary name; say the one the user gave.
        origin = origin.replace(local, name)
        message = message.replace(local, name)
    return {
        "input": origin,
        "url": origin if origin.startswith(("http://", "https://")) else None,
        "stage": getattr(e, "stage", None) or "read",
        "kind": getattr(e, "kind", None) or "io",
        "status": None,
        "message": message,
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _fail_once(marker: str) -> bool:
    """True for exactly one caller across processes: the one that creates ``marker``."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(fd)
    return True


UNDATED = "unknown"
"""The ``month`` partition of the deals and articles of an article without a date."""

# The first `"published":` in an article line or a record line is the article's own key: the
# line starts with the article's id, url and title (a record with its schema and id, then the
# article), and inside a JSON string a quote is always escaped, so the text of a title or
# body can never contain this key unescaped. Saves decoding every line just for its month.
_PUBLISHED = re.compile(r'"published":"(\d{4}-\d{2})')


def _month_of(line: Optional[str]) -> str:
    m = _PUBLISHED.search(line) if line else None
    return m.group(1) if m else UNDATED


def _rows(
    uri: str, jobs: int = 1, articles: bool = True, tally: Optional[Dict[str, int]] = None
) -> Iterator[Tuple[str, str, str]]:
    """The rows of one input file: ``(kind, JSON line, month)``, kind ``deals``, ``articles``
    or ``errors``, month the article's (``YYYY-MM``, or ``unknown``; errors have none),
    streamed as the file is read. ``tally["pages"]`` counts the documents read."""
    import dealwire

    marker = os.environ.get(FAIL_ONCE_ENV)
    tmp = None
    local = _local_path(uri)
    try:
        if local is None:
            tmp = tempfile.mkdtemp(prefix="dealwire-spark-")
            local = _fetch_remote(uri, tmp)
        name = uri if tmp else local
        results = dealwire.extract_many(
            dealwire.read(local, errors="yield"), jobs=jobs, errors="yield", articles=articles,
            as_json=True,
        )
        emitted = 0
        for result in results:
            if tally is not None:
                tally["pages"] += 1
            if isinstance(result, BaseException):
                yield "errors", _dumps(_error_row(result, name, local)), UNDATED
                continue
            records, article = result if articles else (result, None)
            month = _month_of(article if articles else (records[0] if records else None))
            for rec in records:
                yield "deals", rec, month
            if article is not None:
                yield "articles", article, month
            emitted += 1
            if marker and emitted == 1 and _fail_once(marker):
                raise RuntimeError(f"{uri}: failure injected by {FAIL_ONCE_ENV}={marker}")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def process_file(uri: str, jobs: int = 1, articles: bool = True) -> Iterator[Tuple[str, str]]:
    """The rows of one input file: ``(kind, JSON line)`` with kind ``deals``, ``articles`` or
    ``errors``, streamed as the file is read; the lines are those ``dealwire extract`` writes
    with ``--articles`` and ``--errors``."""
    for kind, line, _ in _rows(uri, jobs, articles):
        yield kind, line


def _task_cpus() -> int:
    """The cores Spark gave this task (``spark.task.cpus``): the binding's thread count."""
    try:
        from pyspark import TaskContext

        ctx = TaskContext.get()
        return max(1, int(ctx.cpus())) if ctx is not None else 1
    except Exception:  # older Spark without TaskContext.cpus()
        return 1


# A batch goes to the JVM once it holds this many rows or this much text, whichever comes
# first: big enough that the hand-over costs nothing per row, small enough that a task's
# memory stays a few MB above the binding's own window.
BATCH_ROWS = 4096
BATCH_BYTES = 8 << 20


class _CountsParam(AccumulatorParam):
    """Row counts per input file, ``{uri: {kind: rows}}``, merged by file: every attempt at a
    file counts the same rows (the pipeline is deterministic), and Spark merges the updates
    of successful attempts only, so a retried or speculative task cannot count twice."""

    def zero(self, value):
        return {}

    def addInPlace(self, a, b):
        a.update(b)
        return a


def _arrow_task(files, articles: bool, month: bool, counts):
    """The function ``mapInArrow`` runs on each partition: indices into ``files`` (a
    broadcast list of each task's files, so a long listing is not shipped with every task)
    in, Arrow batches of rows (``kind``, ``value`` and, partitioned by month, ``month``) out;
    each file's row counts go to the ``counts`` accumulator."""

    def task(batches):
        import pyarrow as pa

        jobs = _task_cpus()
        names = ["kind", "value"] + (["month"] if month else [])
        cols: Tuple[List[str], ...] = tuple([] for _ in names)
        size = 0

        def flush():
            nonlocal cols, size
            batch = pa.RecordBatch.from_arrays(
                [pa.array(c, type=pa.string()) for c in cols], names=names
            )
            cols, size = tuple([] for _ in names), 0
            return batch

        for ids in batches:
            for uri in (u for i in ids.column(0).to_pylist() for u in files.value[i]):
                seen = dict.fromkeys(KINDS + ("pages",), 0)
                for row in _rows(uri, jobs, articles, seen):
                    for c, v in zip(cols, row):
                        c.append(v)
                    seen[row[0]] += 1
                    size += len(row[1])
                    if len(cols[0]) >= BATCH_ROWS or size >= BATCH_BYTES:
                        yield flush()
                counts.add({uri: seen})
        if cols[0]:
            yield flush()

    return task


# --- the driver side: listing inputs, writing outputs ----------------------------------------


def _spark_schema(node: Dict[str, Any], defs: Dict[str, Any]):
    """A Spark type for a JSON Schema node of the record's schema (objects, arrays, strings,
    numbers, booleans, ``$ref`` and nullable ``anyOf``), so Parquet output has the record's
    own schema rather than whatever inference makes of one batch."""
    from pyspark.sql import types as T

    if "$ref" in node:
        return _spark_schema(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in node:
        branches = [b for b in node["anyOf"] if b.get("type") != "null"]
        return _spark_schema(branches[0], defs)
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind is None and "enum" in node:
        kind = "string"
    if kind == "object":
        return T.StructType(
            [
                T.StructField(name, _spark_schema(sub, defs), True)
                for name, sub in node.get("properties", {}).items()
            ]
        )
    if kind == "array":
        return T.ArrayType(_spark_schema(node["items"], defs), True)
    return {
        "string": T.StringType(),
        "integer": T.LongType(),
        "number": T.DoubleType(),
        "boolean": T.BooleanType(),
    }[kind]


def schemas():
    """The Spark schemas of the three outputs: the record's from its JSON Schema, the
    article's and the error's as ``--articles`` and ``--errors`` write them."""
    from pyspark.sql import types as T

    import dealwire

    record = dealwire.schema()
    s = T.StringType()
    sentence = T.StructType(
        [T.StructField("start", T.LongType()), T.StructField("end", T.LongType()),
         T.StructField("text", s)]
    )
    article = T.StructType(
        [T.StructField(n, s) for n in ("id", "url", "title", "published", "source", "text")]
        + [T.StructField("sentences", T.ArrayType(sentence))]
    )
    error = T.StructType(
        [T.StructField(n, T.LongType() if n == "status" else s) for n in _ERROR_FIELDS]
    )
    return {
        "deals": _spark_schema(record, record.get("$defs", {})),
        "articles": article,
        "errors": error,
    }


class UsageError(Exception):
    """A bad argument or an input that names nothing; the message names it."""


def _file_uri(path: str) -> str:
    """The ``file:`` URI of a local path, which :func:`_local_path` turns back into it (every
    ``%`` and character a URI cannot hold is escaped), so one file has one name whether a
    glob, a folder walk or a ``--list`` line found it."""
    return "file:" + quote(os.path.abspath(path), safe="/", errors="surrogateescape")


def _hadoop_files(fs, folder) -> List[Tuple[str, int]]:
    """A folder's input files through Hadoop's FileSystem, with their sizes: one recursive
    listing (a flat one on an object store), names of the dump extensions, hidden and
    ``_`` names skipped as Spark skips them."""
    found = []
    it = fs.listFiles(folder, True)
    while it.hasNext():
        f = it.next()
        name = f.getPath().getName()
        if name.lower().endswith(DIR_EXTENSIONS) and not name.startswith((".", "_")):
            found.append((f.getPath().toUri().toString(), int(f.getLen())))
    return found


def list_inputs(
    spark, inputs: List[str], lists: List[str], prefix: str = ""
) -> List[Tuple[str, Optional[int]]]:
    """The input files, as sorted fully qualified URIs with their sizes in bytes: each
    INPUT's glob matches, folders walked for the dump extensions, plus the lines of each
    ``--list`` file. Globs go through Hadoop's FileSystem on the driver, so every
    filesystem Spark can read works. A local folder is walked as ``dealwire extract`` walks
    it (:func:`dealwire.files`), by this process: Hadoop's local filesystem starts an
    ``ls`` process for each file it lists with its permissions, 8-10 ms a file. A size is
    there where the listing gave it for free (globs and folders); the lines of a ``--list``
    file are not looked up one by one (a metadata call per file on an object store) and
    have none."""
    import dealwire

    sc = spark.sparkContext
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    sizes: Dict[str, Optional[int]] = {}

    def add(uri: str, size: Optional[int]) -> None:
        if size is not None or uri not in sizes:
            sizes[uri] = size

    wanted = [(given, True) for given in inputs]
    for listing in lists:
        lines = sc.textFile(listing).collect()
        wanted += [
            (prefix + ln.strip(), False) for ln in lines if ln.strip() and not ln.startswith("#")
        ]
    for given, sized in wanted:
        path = jvm.org.apache.hadoop.fs.Path(given)
        fs = path.getFileSystem(conf)
        matches = fs.globStatus(path)
        if not matches:
            raise UsageError(f"{given}: no such file or directory (nor any glob match)")
        for status in matches:
            uri = status.getPath().toUri().toString()
            local = _local_path(uri)
            if local is not None and status.isDirectory():
                try:
                    walked = dealwire.files(local)
                except dealwire.InputError as e:  # an unreadable folder: its message names it
                    raise UsageError(str(e)) from e
                for found in walked:
                    if os.path.basename(found).startswith("_"):
                        continue
                    try:
                        size = os.stat(found).st_size
                    except FileNotFoundError:  # gone since the walk (a rotated dump)
                        continue
                    add(_file_uri(found), size)
            elif status.isDirectory():
                for found, size in _hadoop_files(fs, status.getPath()):
                    add(found, size)
            else:
                size = int(status.getLen()) if sized else None
                add(_file_uri(local) if local is not None else uri, size)
    return sorted(sizes.items())


def _bytes_conf(spark, key: str, default: int) -> int:
    """A size setting of Spark's (``128MB``, ``134217728b``, ``4m``), in bytes."""
    try:
        value = spark.conf.get(key, None)
    except Exception:
        value = None
    if not value:
        return default
    m = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)i?b?\s*", str(value).lower())
    if m is None:
        return default
    return int(m.group(1)) << (10 * " kmgt".index(m.group(2) or " "))


def plan_tasks(
    files: List[Tuple[str, Optional[int]]], cores: int, max_bytes: int, open_cost: int
) -> List[List[str]]:
    """The input files grouped into tasks, as Spark's own file sources group small files
    (``spark.sql.files.maxPartitionBytes``, ``openCostInBytes``): a task costs about a
    quarter of a second of CPU whatever its size (a Python worker's stream, the task's launch
    and commit), so a hundred small files should not be a hundred tasks. A file is never
    split (WARC and gzip framing), a file of unknown size is a task of its own, and there are
    at least as many tasks as cores while files last, each task's bytes as even as greedy
    packing makes them (largest first, into the lightest task), so that no core idles."""
    unknown = [[uri] for uri, size in files if size is None]
    known = sorted(
        ((size + open_cost, uri) for uri, size in files if size is not None),
        key=lambda x: (-x[0], x[1]),
    )
    if not known:
        return unknown
    total = sum(w for w, _ in known)
    wanted = max(-(-total // max(1, max_bytes)), max(1, cores))
    n = min(len(known), wanted)
    # A heap of (bytes so far, task number): the lightest task is at hand for each file,
    # so packing costs a logarithm per file, not a scan of every task.
    groups: List[List[str]] = [[] for _ in range(n)]
    heap = [(0, k) for k in range(n)]
    for weight, uri in known:
        load, k = heapq.heappop(heap)
        groups[k].append(uri)
        heapq.heappush(heap, (load + weight, k))
    return [sorted(group) for group in groups] + unknown


JSONL_MODES = ("errorifexists", "error", "overwrite")
"""Spark's save modes the JSONL output takes (``error`` is Spark's other name for the first)."""

PARTITIONS = ("month",)
"""What ``partition_by`` takes: ``month``, the article's publication month (``YYYY-MM``, or
``unknown`` when undated), for ``deals/`` and ``articles/`` (``month=2021-05/`` folders)."""


def run(
    spark,
    inputs: List[str],
    output: str,
    *,
    fmt: str = "jsonl",
    compression: Optional[str] = None,
    lists: Iterable[str] = (),
    prefix: str = "",
    mode: str = "errorifexists",
    partition_by: Optional[str] = None,
    articles: bool = True,
) -> Dict[str, int]:
    """Runs the job and returns the row counts per output (``deals``, ``articles``,
    ``errors``), the ``pages`` (documents) and ``files`` read, and the ``tasks`` they made.
    ``partition_by="month"`` splits ``deals/`` and ``articles/`` by the article's month;
    ``articles=False`` leaves ``articles/`` out. ``mode`` is Spark's save mode; JSONL takes
    ``errorifexists`` and ``overwrite`` only, since its outputs are made by renaming the
    folders of one write, which an existing ``deals/`` would receive as a subfolder."""
    if partition_by is not None and partition_by not in PARTITIONS:
        raise UsageError(f"partition by {partition_by!r}: only {', '.join(PARTITIONS)}")
    if fmt == "jsonl" and mode.lower() not in JSONL_MODES:
        raise UsageError(
            f"mode {mode!r}: JSONL output takes {' or '.join(JSONL_MODES[::2])} (use a new "
            "output folder per run, or Parquet, which can append)"
        )
    listed = list_inputs(spark, list(inputs), list(lists), prefix)
    if not listed:
        raise UsageError("no input files (folders hold none of " + " ".join(DIR_EXTENSIONS) + ")")
    sc = spark.sparkContext
    by_month = partition_by == "month"
    schema = "kind string, value string" + (", month string" if by_month else "")
    counted = sc.accumulator({}, _CountsParam())
    tasks = plan_tasks(
        listed,
        sc.defaultParallelism,
        _bytes_conf(spark, "spark.sql.files.maxPartitionBytes", 128 << 20),
        _bytes_conf(spark, "spark.sql.files.openCostInBytes", 4 << 20),
    )
    # One partition per task, made on the JVM (no Python pass just to list the paths): each
    # partition of `range` holds one index into the broadcast list of tasks' files.
    ids = spark.range(0, len(tasks), 1, len(tasks))
    listing = sc.broadcast(tasks)
    rows = ids.mapInArrow(_arrow_task(listing, articles, by_month, counted), schema)
    kinds = [k for k in KINDS if articles or k != "articles"]
    out = output.rstrip("/")
    try:
        if fmt == "jsonl":
            _write_jsonl(spark, rows, out, kinds, compression, mode, by_month)
        else:
            _write_parquet(rows, out, kinds, compression, mode, by_month)
    finally:
        listing.destroy()
    counts = {k: sum(c[k] for c in counted.value.values()) for k in KINDS + ("pages",)}
    counts["files"] = len(listed)
    counts["tasks"] = len(tasks)
    return counts


def _write_jsonl(spark, rows, out: str, kinds, compression, mode: str, by_month: bool) -> None:
    """One write for all outputs, partitioned by kind (and month), whose ``kind=...`` folders
    become ``deals/``, ``articles/``, ``errors/`` by renaming. Errors have no month: theirs
    is the one folder ``month=unknown``, which becomes ``errors/`` itself."""
    writer = rows.write.mode(mode).partitionBy(*(["kind", "month"] if by_month else ["kind"]))
    if compression:
        writer = writer.option("compression", compression)
    # A task keeps a writer open per folder rather than sorting its rows by folder first (the
    # default), which cost a quarter of the JVM's CPU in the benchmark; past this many
    # folders in one task (months), Spark falls back to sorting by itself.
    key = "spark.sql.maxConcurrentOutputFileWriters"
    before = spark.conf.get(key, None)
    spark.conf.set(key, "32")
    try:
        writer.text(out)
    finally:
        if before is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, before)
    _finish_jsonl(_output_fs(spark, out), kinds, by_month)


def _finish_jsonl(fs, kinds, by_month: bool) -> None:
    """The partitioned write's ``kind=...`` folders moved to the outputs' names, each marked
    complete; ``fs`` is :class:`_LocalOutput` or :class:`_HadoopOutput`."""
    for kind in kinds:
        src, dst = f"kind={kind}", kind
        if kind == "errors" and by_month:
            src = f"{src}/month={UNDATED}"
        if fs.exists(src):
            fs.rename(src, dst)
        else:
            fs.mkdirs(dst)  # no rows of this kind: an empty output, as a writer leaves it
        if kind == "errors" and by_month:
            fs.delete(f"kind={kind}")
        # Each output marked complete, as its own writer would have marked it.
        fs.touch(f"{dst}/_SUCCESS")


class _LocalOutput:
    """The output folder's last moves on a local disk, done by this process: through
    Hadoop's local filesystem each file made starts a ``chmod`` process for it and its
    checksum file, 20 ms a marker."""

    def __init__(self, root: str) -> None:
        self.root = root

    def _path(self, rel: str) -> str:
        return os.path.join(self.root, rel)

    def exists(self, rel: str) -> bool:
        return os.path.exists(self._path(rel))

    def rename(self, src: str, dst: str) -> None:
        os.rename(self._path(src), self._path(dst))

    def mkdirs(self, rel: str) -> None:
        os.makedirs(self._path(rel), exist_ok=True)

    def delete(self, rel: str) -> None:
        shutil.rmtree(self._path(rel), ignore_errors=True)

    def touch(self, rel: str) -> None:
        open(self._path(rel), "wb").close()


class _HadoopOutput:
    """The same moves through Hadoop's FileSystem, for an output on any other filesystem."""

    def __init__(self, spark, out: str) -> None:
        self.jvm = spark.sparkContext._jvm
        self.base = self.jvm.org.apache.hadoop.fs.Path(out)
        self.fs = self.base.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        self.out = out

    def _path(self, rel: str):
        return self.jvm.org.apache.hadoop.fs.Path(self.base, rel)

    def exists(self, rel: str) -> bool:
        return bool(self.fs.exists(self._path(rel)))

    def rename(self, src: str, dst: str) -> None:
        if not self.fs.rename(self._path(src), self._path(dst)):
            raise RuntimeError(f"{self.out}: cannot rename {src} to {dst}")

    def mkdirs(self, rel: str) -> None:
        self.fs.mkdirs(self._path(rel))

    def delete(self, rel: str) -> None:
        if self.fs.exists(self._path(rel)):
            self.fs.delete(self._path(rel), True)

    def touch(self, rel: str) -> None:
        self.fs.create(self._path(rel), True).close()


def _output_fs(spark, out: str):
    """Where the output's folders are moved: by this process when the output is on the local
    disk (its path as Hadoop resolved it, so a relative output means the same folder to
    both), through Hadoop otherwise."""
    hadoop = _HadoopOutput(spark, out)
    qualified = hadoop.fs.makeQualified(hadoop.base).toUri().toString()
    local = _local_path(qualified)
    return _LocalOutput(local) if local is not None else hadoop


def _write_parquet(rows, out: str, kinds, compression, mode: str, by_month: bool) -> None:
    """Three writes, one schema each, from the rows persisted to the executors' disks (a
    month of article texts does not fit in memory), so the extraction runs once."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    all_schemas = schemas()
    rows.persist(StorageLevel.DISK_ONLY)
    try:
        for kind in kinds:
            parsed = F.from_json("value", all_schemas[kind], {"mode": "FAILFAST"}).alias("r")
            split = by_month and kind != "errors"
            lines = rows.where(F.col("kind") == kind)
            lines = lines.select(parsed, "month").select("r.*", "month") if split else (
                lines.select(parsed).select("r.*"))
            writer = lines.write.mode(mode)
            if split:
                writer = writer.partitionBy("month")
            if compression:
                writer = writer.option("compression", compression)
            writer.parquet(f"{out}/{kind}")
    finally:
        rows.unpersist()


def _spark_defaults() -> Dict[str, str]:
    """The settings ``spark-defaults.conf`` holds (none when there is no such file): a
    ``--conf`` the builder passes replaces the file's value, so options set there are kept by
    writing them first."""
    conf_dir = os.environ.get("SPARK_CONF_DIR") or (
        os.path.join(os.environ["SPARK_HOME"], "conf") if os.environ.get("SPARK_HOME") else None
    )
    if not conf_dir:
        return {}
    try:
        with open(os.path.join(conf_dir, "spark-defaults.conf"), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return {}
    # Java properties syntax, as Spark reads the file: the key ends at whitespace, "=" or ":";
    # "#" and "!" open comments; the last line for a key wins.
    settings: Dict[str, str] = {}
    for line in lines:
        m = re.match(r"\s*([^\s=:#!][^\s=:]*)\s*[=:\s]\s*(.*)$", line)
        if m:
            settings[m.group(1)] = m.group(2).strip()
    return settings


def configure(builder, env: Optional[Dict[str, str]] = None):
    """The session builder with the job's JVM options (:data:`JVM_OPTIONS`) for the driver and
    the executors, when this process is about to start the JVM itself (``python -m``, a
    notebook's first session). Under ``spark-submit`` the driver's JVM is running already and
    the submitter's configuration rules: nothing is set."""
    env = os.environ if env is None else env
    if env.get("PYSPARK_GATEWAY_PORT"):
        return builder
    options = env.get(JVM_OPTIONS_ENV, JVM_OPTIONS).strip()
    if not options:
        return builder
    defaults = _spark_defaults()
    for key in ("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"):
        builder = builder.config(key, f"{defaults.get(key, '')} {options}".strip())
    return builder


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dealwire.spark",
        description="Deal records from dumps (WARC, WARC.gz, JSONL, JSONL.gz, pages) on Spark: "
        "whole files packed into tasks, outputs deals/, articles/, errors/ under --output.",
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="files, folders or globs; local or any Hadoop URI")
    parser.add_argument("--list", action="append", default=[], metavar="FILE",
                        help="a file listing inputs, one a line (gzip allowed); repeatable")
    parser.add_argument("--prefix", default="",
                        help="put before each --list line (e.g. s3a://commoncrawl/)")
    parser.add_argument("--output", "-o", required=True, metavar="DIR")
    parser.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--compression", default=None,
                        help="gzip (JSONL) or snappy/zstd/gzip (Parquet); default none/snappy")
    parser.add_argument("--partition-by", choices=PARTITIONS, default=None,
                        help="month: deals/ and articles/ in month=YYYY-MM/ folders by the "
                        f"article's date ({UNDATED} when undated)")
    parser.add_argument("--no-articles", action="store_true",
                        help="leave articles/ out (deals/ and errors/ only)")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace an existing output (default: refuse)")
    parser.add_argument("--master", default=None,
                        help="Spark master URL (default: spark-submit's, else local[*])")
    args = parser.parse_args(argv)
    if not args.inputs and not args.list:
        parser.error("give at least one INPUT or --list FILE")

    from pyspark.sql import SparkSession

    # Run as `python -m dealwire.spark` or a script, this module is `__main__`; the tasks must
    # refer to the installed `dealwire.spark` instead, which the executors import, rather than
    # carry this module's functions pickled by value.
    from dealwire.spark import UsageError as _UsageError, run as _run

    builder = configure(SparkSession.builder.appName("dealwire"))
    # Without --master, spark-submit's (or the cluster's defaults) rule; plain `python -m`
    # starts Spark through spark-submit too, whose default is local[*].
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        counts = _run(
            spark, args.inputs, args.output, fmt=args.format, compression=args.compression,
            lists=args.list, prefix=args.prefix,
            mode="overwrite" if args.overwrite else "errorifexists",
            partition_by=args.partition_by, articles=not args.no_articles,
        )
    except _UsageError as e:
        print(f"dealwire.spark: {e}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    print(
        f"dealwire.spark: {counts['files']} files in {counts['tasks']} tasks, "
        f"{counts['articles']} articles, "
        f"{counts['deals']} deal records, {counts['errors']} errors -> {args.output}",
        file=sys.stderr,
    )
    # Error rows are output, not a failure: on a cluster a non-zero exit marks the whole
    # application failed, and a month of dumps always has some damaged records.
    return 0


if __name__ == "__main__":
    sys.exit(main())
