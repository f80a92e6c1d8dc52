"""The Python package against the repository's own truth: the corpus must give the golden
records through every entry point, bad input must raise errors that name it, and
``extract_many`` must give the same answers in the same order whatever its parallelism."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import dealwire

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "golden"
SEED = CORPUS / "0001_seed-nokia-xiaomi.txt"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".htm"))


def golden_of(article: Path) -> list[dict]:
    path = GOLDEN / (article.name.split(".")[0] + ".jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def extract_file(path: Path) -> list[dict]:
    """A corpus file the way a user would hand it over: text as str, a page as bytes."""
    if path.suffix == ".txt":
        return dealwire.extract(path.read_text("utf-8"))
    return dealwire.extract(html=path.read_bytes())


def test_the_corpus_through_extract_is_golden():
    files = corpus_files()
    assert len(files) > 50
    for f in files:
        assert extract_file(f) == golden_of(f), f.name


def test_read_then_extract_many_is_dealwire_extract():
    got = [r for recs in dealwire.extract_many(dealwire.read(CORPUS), jobs=2) for r in recs]
    want = [r for f in corpus_files() for r in golden_of(f)]
    assert got == want


def test_a_reader_handed_over_goes_on_from_where_python_left_it():
    reader = dealwire.read(CORPUS)
    first = next(reader)
    rest = list(dealwire.extract_many(reader, jobs=2))
    assert dealwire.extract_many([first]).__next__() == golden_of(corpus_files()[0])
    assert rest == [golden_of(f) for f in corpus_files()[1:]]
    assert list(reader) == []


def test_the_readme_bar_command_prints_the_seeds_records():
    code = (
        "import dealwire; "
        "print(dealwire.extract(open('corpus/0001_seed-nokia-xiaomi.txt').read()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "'deal/1'" in out and "Xiaomi" in out
    assert len(golden_of(SEED)) == 2


def test_records_are_the_commands_json():
    # The record's key order is the contract's, as in the command's output.
    rec = dealwire.extract(SEED.read_text("utf-8"))[0]
    line = (GOLDEN / "0001_seed-nokia-xiaomi.jsonl").read_text("utf-8").splitlines()[0]
    assert list(rec) == list(json.loads(line))
    assert json.dumps(rec, ensure_ascii=False, separators=(",", ":")) == line


def test_keyword_metadata_wins_over_the_texts():
    body = SEED.read_text("utf-8").split(" ", 3)[-1]
    recs = dealwire.extract(
        body, url="https://news.example/nokia-xiaomi", title="Nokia and Xiaomi", published="2017-07-05"
    )
    assert recs and all(r["article"]["url"] == "https://news.example/nokia-xiaomi" for r in recs)
    assert recs[0]["article"]["title"] == "Nokia and Xiaomi"
    assert recs[0]["article"]["published"] == "2017-07-05"


def mixed_items() -> list:
    """Corpus articles three times over, as strings and as dicts, plus a no-deal text."""
    items: list = []
    for f in corpus_files():
        if f.suffix == ".txt":
            items.append(f.read_text("utf-8"))
        else:
            items.append({"html": f.read_bytes(), "id": f.name})
    items.append("Nothing happened today.")
    return items * 3


@pytest.mark.parametrize("jobs", [1, 2, 3, 8])
def test_extract_many_keeps_order_and_is_deterministic(jobs):
    items = mixed_items()
    want = [extract_file_item(i) for i in items]
    got = list(dealwire.extract_many(items, jobs=jobs))
    assert len(got) == len(items)
    assert got == want


def extract_file_item(item) -> list[dict]:
    if isinstance(item, dict):
        return dealwire.extract(html=item["html"])
    return dealwire.extract(item)


def test_extract_many_streams_a_bounded_way_ahead():
    pulled = itertools.count()

    def endless():
        text = SEED.read_text("utf-8")
        while True:
            next(pulled)
            yield text

    it = dealwire.extract_many(endless(), jobs=1)
    first = list(itertools.islice(it, 5))
    assert all(len(r) == 2 for r in first)
    # The window of a one-job run is 64 documents; an endless input is never drained.
    assert next(pulled) <= 64 + 5 + 1


def test_extract_many_takes_jsonl_like_dicts():
    text = SEED.read_text("utf-8")
    got = list(dealwire.extract_many([{"text": text, "url": "https://x.example/a", "id": "a"}]))
    assert got[0] and got[0][0]["article"]["url"] == "https://x.example/a"


# -- errors ---------------------------------------------------------------------------------


def test_empty_text_raises_an_input_error_naming_it():
    with pytest.raises(dealwire.InputError) as e:
        dealwire.extract("   \n")
    assert e.value.kind == "empty" and e.value.origin == "text"
    assert str(e.value).startswith("text:")
    assert isinstance(e.value, ValueError)


def test_binary_page_raises_and_the_url_names_it():
    with pytest.raises(dealwire.InputError) as e:
        dealwire.extract(html=bytes(range(1, 32)) * 50, url="https://x.example/bin")
    assert e.value.kind == "binary"
    assert "https://x.example/bin" in str(e.value)


def test_a_page_without_an_article_raises_no_article():
    with pytest.raises(dealwire.NoArticleError) as e:
        dealwire.extract(html="<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert e.value.stage == "clean"


def test_text_bytes_must_be_utf8():
    with pytest.raises(dealwire.InputError) as e:
        dealwire.extract(b"Nokia \xff signed")
    assert e.value.kind == "invalid_utf8"


def test_bad_published_date_is_an_input_error():
    with pytest.raises(dealwire.InputError, match="published"):
        dealwire.extract("Nokia signed a deal.", published="last Tuesday")


@pytest.mark.parametrize(
    "call",
    [
        lambda: dealwire.extract(),
        lambda: dealwire.extract("a", html="b"),
        lambda: dealwire.extract(123),
        lambda: dealwire.clean(4.5),
        lambda: list(dealwire.extract_many([1])),
    ],
)
def test_wrong_argument_types_are_type_errors(call):
    with pytest.raises(TypeError):
        call()


def test_bad_options_are_value_errors():
    with pytest.raises(ValueError):
        dealwire.extract_many([], jobs=0)
    with pytest.raises(ValueError):
        dealwire.extract_many([], errors="ignore")


def test_a_bad_item_raises_at_its_place_and_the_rest_follow():
    text = SEED.read_text("utf-8")
    it = dealwire.extract_many([text, "", {"url": "u"}, text], jobs=2)
    assert len(next(it)) == 2
    with pytest.raises(dealwire.InputError) as e:
        next(it)
    assert e.value.origin == "items[1]"
    with pytest.raises(dealwire.InputError, match=r"items\[2\].*neither"):
        next(it)
    assert len(next(it)) == 2
    with pytest.raises(StopIteration):
        next(it)


def test_a_wrong_item_type_raises_only_after_the_items_before_it():
    text = SEED.read_text("utf-8")

    def items():
        yield text
        yield 1
        yield text
        raise OSError("the source broke")

    it = dealwire.extract_many(items(), jobs=2)
    assert len(next(it)) == 2
    with pytest.raises(TypeError, match=r"items\[1\] is a int"):
        next(it)
    assert len(next(it)) == 2
    with pytest.raises(OSError, match="the source broke"):
        next(it)
    with pytest.raises(StopIteration):
        next(it)


def test_errors_can_be_yielded_in_place():
    got = list(dealwire.extract_many(["", SEED.read_text("utf-8")], errors="yield"))
    assert isinstance(got[0], dealwire.InputError) and got[0].kind == "empty"
    assert len(got[1]) == 2


def test_a_missing_path_is_a_read_error_and_an_os_error(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(dealwire.ReadError) as e:
        list(dealwire.read(missing))
    assert isinstance(e.value, OSError) and isinstance(e.value, dealwire.InputError)
    assert str(missing) in str(e.value)


def test_files_are_the_ones_the_command_reads_for_a_folder(tmp_path):
    seed = SEED.read_text("utf-8")
    for rel in ("b.txt", "a/one.warc.gz", "a/deep/two.jsonl", "a/.hidden.txt", ".dot/x.txt",
                "notes.md", "a/page.HTML"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(seed, "utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)  # a link back up: no folder is read twice
    want = [tmp_path / rel for rel in ("a/deep/two.jsonl", "a/one.warc.gz", "a/page.HTML", "b.txt")]
    assert dealwire.files(tmp_path) == [str(p) for p in want]
    assert dealwire.files(str(tmp_path / "notes.md")) == [str(tmp_path / "notes.md")]
    # What `read` gives for the folder is what it gives for those files, in that order.
    txt = tmp_path / "t"
    txt.mkdir()
    for name in ("y.txt", "x.txt"):
        (txt / name).write_text(seed, "utf-8")
    by_folder = [d["origin"] for d in dealwire.read(txt)]
    assert by_folder == [d["origin"] for f in dealwire.files(txt) for d in dealwire.read(f)]
    with pytest.raises(dealwire.ReadError, match="nope"):
        dealwire.files(tmp_path / "nope")


def test_a_bad_jsonl_line_names_its_line_and_reading_goes_on(tmp_path):
    dump = tmp_path / "dump.jsonl"
    text = SEED.read_text("utf-8")
    dump.write_text(
        json.dumps({"text": text}) + "\n{not json\n" + json.dumps({"text": text}) + "\n",
        "utf-8",
    )
    got = list(dealwire.read(dump, errors="yield"))
    assert [type(g) for g in got] == [dict, dealwire.InputError, dict]
    assert got[1].origin == f"{dump}:2"
    with pytest.raises(dealwire.InputError):
        list(dealwire.extract_many(dealwire.read(dump)))


def test_hostile_inputs_never_crash(tmp_path):
    for blob in [b"\x00" * 1000, b"<" * 100000, b"<div>" * 20000, "\u202e\ud7ff".encode()]:
        try:
            dealwire.extract(html=blob)
        except dealwire.InputError:
            pass
        dealwire.sentences(blob.decode("utf-8", "replace"))


# -- clean, sentences, read -------------------------------------------------------------------


def test_clean_gives_the_commands_fields():
    page = (CORPUS / "0001_seed-nokia-xiaomi-page.html").read_bytes()
    c = dealwire.clean(page, url="https://x.example/p")
    assert list(c) == [
        "text", "title", "author", "published", "modified", "site", "url", "lang", "status",
        "date_source",
    ]
    assert c["status"] == "ok" and "Xiaomi" in c["text"]
    assert dealwire.clean(page.decode("utf-8")) == dealwire.clean(page)
    with pytest.raises(dealwire.InputError):
        dealwire.clean(b"")


def test_sentences_have_python_string_offsets():
    text = "Zürich-based Ăcme signed. Nokia said “yes”! Done?"
    spans = dealwire.sentences(text)
    assert len(spans) == 3
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]


def test_read_yields_documents_with_metadata():
    docs = list(dealwire.read(CORPUS))
    assert len(docs) == len(corpus_files())
    seed = next(d for d in docs if d["origin"].endswith("0001_seed-nokia-xiaomi.txt"))
    assert seed["published"] == "2017-07-05" and "text" in seed
    page = next(d for d in docs if d["origin"].endswith(".html"))
    assert isinstance(page["html"], bytes)


# -- schema, version, typing ------------------------------------------------------------------


def test_every_golden_record_is_valid_under_the_shipped_schema():
    schema = json.loads(dealwire.SCHEMA_FILE.read_text("utf-8"))
    assert schema == dealwire.schema()
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    n = 0
    for path in sorted(GOLDEN.glob("*.jsonl")):
        if path.name == "expected-deals.jsonl":
            continue
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                validator.validate(json.loads(line))
                n += 1
    assert n > 100


def test_the_schema_rejects_what_the_contract_forbids():
    validator = jsonschema.Draft202012Validator(dealwire.schema())
    rec = golden_of(SEED)[0]
    for bad in [
        {**rec, "status": "bogus"},
        {**rec, "types": ["merger"]},
        {**rec, "extra": 1},
        {k: v for k, v in rec.items() if k != "evidence"},
        {**rec, "parties": [{**rec["parties"][0], "role": "friend"}]},
    ]:
        assert not validator.is_valid(bad)


def test_version_is_the_crates():
    cargo = (ROOT / "Cargo.toml").read_text("utf-8")
    version = re.search(r'(?m)^version = "([^"]+)"', cargo)
    assert version and dealwire.__version__ == version.group(1)


def test_the_package_is_typed():
    pkg = Path(dealwire.__file__).parent
    assert (pkg / "py.typed").exists() and (pkg / "_native.pyi").exists()
    assert dealwire.SCHEMA_FILE.exists()
    for name in ["extract", "extract_many", "clean", "sentences", "read", "schema"]:
        assert getattr(dealwire, name).__doc__, name


def test_extract_many_with_articles_gives_each_records_article_too():
    """`articles=True` pairs each item's records with its article as `--articles` writes it,
    computed in the same pass (the Spark job writes both from it)."""
    plain = list(dealwire.extract_many(dealwire.read(CORPUS), jobs=2))
    paired = list(dealwire.extract_many(dealwire.read(CORPUS), jobs=2, articles=True))
    assert [recs for recs, _ in paired] == plain
    for recs, art in paired:
        assert set(art) == {"id", "url", "title", "published", "source", "text", "sentences"}
        assert all(r["article"]["id"] == art["id"] for r in recs)
        assert all(art["text"][s["start"]:s["end"]] == s["text"] for s in art["sentences"])
    got = list(dealwire.extract_many(["", SEED.read_text("utf-8")], errors="yield", articles=True))
    assert isinstance(got[0], dealwire.InputError) and isinstance(got[1], tuple)


@pytest.mark.parametrize("jobs", [1, 2, 3, 8])
def test_a_handed_over_reader_keeps_order_for_any_jobs(jobs):
    """The pool's own threads read the documents of `read(path)`; the order is still the
    input's, and each document comes once."""
    want = [golden_of(f) for f in corpus_files()]
    assert list(dealwire.extract_many(dealwire.read(CORPUS), jobs=jobs)) == want


def test_as_json_gives_the_commands_lines_undecoded():
    lines = list(dealwire.extract_many(dealwire.read(CORPUS), jobs=2, as_json=True))
    assert lines == [
        (GOLDEN / (f.name.split(".")[0] + ".jsonl")).read_text("utf-8").splitlines()
        for f in corpus_files()
    ]
    paired = list(dealwire.extract_many(dealwire.read(CORPUS), jobs=2, articles=True, as_json=True))
    decoded = list(dealwire.extract_many(dealwire.read(CORPUS), jobs=2, articles=True))
    assert [recs for recs, _ in paired] == lines
    assert [json.loads(art) for _, art in paired] == [art for _, art in decoded]
    assert all(isinstance(art, str) for _, art in paired)


def test_reading_errors_keep_their_place_with_a_handed_over_reader(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    got = list(dealwire.extract_many(dealwire.read(tmp_path), jobs=2, errors="yield"))
    assert len(got) == 3 and got[0] == got[2] == golden_of(SEED)
    assert isinstance(got[1], dealwire.InputError) and "b.txt" in str(got[1])
