//! `dealwire._native`: the pipeline of the `dealwire` library for Python.
//!
//! This layer only converts: Python values to the library's documents, the library's
//! outcomes to Python values and exceptions. Every decision about an article — how a text's
//! header is read, which fields a record has, what an error says — is the library's, made by
//! the same functions the command calls, so `extract` here and `dealwire extract` cannot
//! disagree. Records cross over as the JSON text the command would write, parsed by Python's
//! `json`: that keeps "exactly as the command writes them" true by construction, and the
//! serialising happens on the worker threads.
//!
//! The exception classes live in the pure-Python package (`dealwire/__init__.py`), where they
//! can inherit from both `ValueError` and `OSError`; this module looks them up when raising.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

use dealwire::clean::{clean_page, CleanSettings};
use dealwire::dates::parse_machine_date;
use dealwire::doc::{Body, RawDoc};
use dealwire::fetch::local::{
    doc_from_fields, doc_from_html_bytes, doc_from_text, doc_from_text_bytes, DocFields,
};
use dealwire::fetch::{Input, LocalSource, ReadLimits};
use dealwire::pipeline::{default_jobs, process_guarded};
use dealwire::sink::{ArticleLine, CleanLine, SentenceLine};
use dealwire::{Error, Settings};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

/// Python frees its own objects; this allocator serves only the Rust side, where extraction
/// makes many small allocations per sentence (the command uses it for the same reason).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `json.loads`, looked up once.
fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let loads = LOADS.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.bind(py).call1((text,))
}

fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise to JSON: {e}")))
}

/// The Python exception for a library error: `ReadError` (also an `OSError`) when the input
/// could not be read, `NoArticleError` and `TooLargeError` for those kinds, `InputError`
/// otherwise; each carries the input's name, the kind and the stage as attributes.
fn input_error(py: Python<'_>, e: &Error) -> PyErr {
    let class = match e.kind() {
        "io" => "ReadError",
        "no_article" => "NoArticleError",
        "too_large" => "TooLargeError",
        _ => "InputError",
    };
    raise(py, class, &e.to_string(), &e.origin(), e.kind(), e.stage())
}

fn raise(
    py: Python<'_>,
    class: &str,
    message: &str,
    origin: &str,
    kind: &str,
    stage: &str,
) -> PyErr {
    let made = (|| -> PyResult<PyErr> {
        let cls = py.import("dealwire")?.getattr(class)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("origin", origin)?;
        kwargs.set_item("kind", kind)?;
        kwargs.set_item("stage", stage)?;
        let exc = cls.call((message,), Some(&kwargs))?;
        Ok(PyErr::from_value(exc))
    })();
    // The package is importable whenever this module is, so this is only a fallback.
    made.unwrap_or_else(|_| PyValueError::new_err(message.to_string()))
}

/// A `str` or `bytes` argument as bytes (HTML's charset is the cleaner's to find).
fn bytes_of(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(s) = value.cast::<PyString>() {
        Ok(s.to_cow()?.as_bytes().to_vec())
    } else if let Ok(b) = value.cast::<PyBytes>() {
        Ok(b.as_bytes().to_vec())
    } else {
        Err(PyTypeError::new_err(format!(
            "{what} must be str or bytes, not {}",
            value.get_type().name()?
        )))
    }
}

/// A text given as `str` is taken as it is; as `bytes` it must be UTF-8, as a `.txt` file must.
fn text_doc(origin: String, value: &Bound<'_, PyAny>) -> PyResult<Result<RawDoc, Error>> {
    if let Ok(s) = value.cast::<PyString>() {
        Ok(doc_from_text(origin, &s.to_cow()?))
    } else if let Ok(b) = value.cast::<PyBytes>() {
        Ok(doc_from_text_bytes(origin, b.as_bytes().to_vec()))
    } else {
        Err(PyTypeError::new_err(format!(
            "text must be str or bytes, not {}",
            value.get_type().name()?
        )))
    }
}

/// How an article's records cross over to Python.
enum Payload {
    /// The records as one JSON array, or `[records, article]`, decoded by `json.loads` on the
    /// caller's thread (one call per article, not per record).
    Json(String),
    /// `as_json=True`: each record's JSON line as the command writes it, and the article's,
    /// handed over as `str` without decoding (for callers that write lines back out, as the
    /// Spark job does, decoding and re-encoding cost more than the extraction's hand-over).
    Lines(Vec<String>, Option<String>),
}

/// What one article gave: its records, or the error that stopped it.
type Outcome = Result<Payload, Error>;

/// What the caller asked the workers to hand back.
#[derive(Clone, Copy)]
struct Want {
    article: bool,
    lines: bool,
}

/// The whole pipeline for one document, records serialised as the command writes them; with
/// `article`, the article too, as `--articles` writes it.
fn run_one(doc: RawDoc, settings: &Settings, want: Want) -> Outcome {
    let origin = doc.origin.clone();
    let p = process_guarded(doc, settings)?;
    let fail = |e: serde_json::Error| Error::Format {
        origin: origin.clone(),
        message: format!("cannot serialise the records: {e}"),
    };
    if want.lines {
        let records = p
            .records
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        let article = match want.article {
            true => Some(serde_json::to_string(&ArticleLine::new(&p.article)).map_err(fail)?),
            false => None,
        };
        return Ok(Payload::Lines(records, article));
    }
    let json = if want.article {
        serde_json::to_string(&(&p.records, ArticleLine::new(&p.article)))
    } else {
        serde_json::to_string(&p.records)
    };
    json.map(Payload::Json).map_err(fail)
}

/// `run_one` for a pool thread: a panic that `process_guarded` did not catch becomes an
/// error outcome, since a rayon job that panics aborts the process.
fn run_guarded(doc: RawDoc, settings: &Settings, want: Want) -> Outcome {
    let origin = doc.origin.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_one(doc, settings, want)
    }))
    .unwrap_or_else(|_| Err(internal_error(origin)))
}

fn internal_error(origin: String) -> Error {
    Error::Format {
        origin,
        message: "internal error (please report)".into(),
    }
}

fn outcome_to_py(py: Python<'_>, outcome: Outcome) -> PyResult<Bound<'_, PyAny>> {
    match outcome {
        // Most articles of a news dump have no deal: no parser call for those.
        Ok(Payload::Json(json)) if json == "[]" => Ok(PyList::empty(py).into_any()),
        Ok(Payload::Json(json)) => json_loads(py, &json),
        Ok(Payload::Lines(records, article)) => {
            let records = PyList::new(py, records)?.into_any();
            match article {
                Some(a) => {
                    Ok(PyTuple::new(py, [records, PyString::new(py, &a).into_any()])?.into_any())
                }
                None => Ok(records),
            }
        }
        Err(e) => Err(input_error(py, &e)),
    }
}

/// Deal records from one article, exactly as `dealwire extract` writes them.
///
/// `text` is read as a `.txt` file is (a leading `title:`/`url:`/`date:` header or the inline
/// ` date 2017-07-05 ` marker is metadata); `html` is a page, `str` or `bytes`, cleaned as a
/// `.html` file is. `url`, `title` and `published` (a date such as `2017-07-05`) win over
/// what the text or page says. An article without a deal gives `[]`; an input that is no
/// article at all raises `InputError` naming it.
#[pyfunction]
#[pyo3(signature = (text=None, *, html=None, url=None, title=None, published=None))]
fn extract<'py>(
    py: Python<'py>,
    text: Option<&Bound<'py, PyAny>>,
    html: Option<&Bound<'py, PyAny>>,
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let origin = |what: &str| url.clone().unwrap_or_else(|| what.to_string());
    let doc = match (text, html) {
        (Some(t), None) => text_doc(origin("text"), t)?,
        (None, Some(h)) => doc_from_html_bytes(
            origin("html"),
            bytes_of(h, "html")?,
            ReadLimits::default().max_bytes,
        ),
        (Some(_), Some(_)) => {
            return Err(PyTypeError::new_err(
                "extract() takes text or html, not both",
            ))
        }
        (None, None) => return Err(PyTypeError::new_err("extract() needs text or html")),
    };
    let mut doc = doc.map_err(|e| input_error(py, &e))?;
    if let Some(p) = published {
        let Some(d) = parse_machine_date(&p) else {
            let e = Error::Format {
                origin: doc.origin,
                message: format!("published: {p:?} is not a date (2017-07-05 is)"),
            };
            return Err(input_error(py, &e));
        };
        doc.published = Some(d);
    }
    if url.is_some() {
        doc.url = url;
    }
    if title.is_some() {
        doc.title = title;
    }
    let want = Want {
        article: false,
        lines: false,
    };
    let outcome = py.detach(|| run_one(doc, &Settings::default(), want));
    outcome_to_py(py, outcome)
}

/// A Python string field of a dict item; any other type counts as absent, as it does in a
/// JSONL line.
fn str_field(d: &Bound<'_, PyDict>, key: &str) -> PyResult<Option<String>> {
    match d.get_item(key)? {
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
            Err(_) => Ok(None),
        },
        None => Ok(None),
    }
}

/// One item of `extract_many` as a document: a `str` (or `bytes`) is a text file's content,
/// a dict a JSONL line's fields (plus `origin` and `charset`, which `read` gives).
fn item_doc(item: &Bound<'_, PyAny>, index: u64) -> PyResult<Result<RawDoc, Error>> {
    let origin = format!("items[{index}]");
    if let Ok(d) = item.cast::<PyDict>() {
        let html = match d.get_item("html")? {
            Some(h) if !h.is_none() => Some(bytes_of(&h, "html")?),
            _ => None,
        };
        let origin = str_field(d, "origin")?.unwrap_or(origin);
        let fields = DocFields {
            id: str_field(d, "id")?,
            url: str_field(d, "url")?,
            html,
            text: str_field(d, "text")?,
            title: str_field(d, "title")?,
            published: match str_field(d, "published")? {
                Some(p) => Some(p),
                None => str_field(d, "date")?,
            },
            source: str_field(d, "source")?,
            charset: str_field(d, "charset")?,
        };
        Ok(doc_from_fields(&origin, fields))
    } else if item.is_instance_of::<PyString>() || item.is_instance_of::<PyBytes>() {
        text_doc(origin, item)
    } else {
        Err(PyTypeError::new_err(format!(
            "extract_many: {origin} is a {}, not a str or dict",
            item.get_type().name()?
        )))
    }
}

/// How long a wait for a result goes before Python gets to check for Ctrl-C.
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// The iterator `extract_many` returns. Documents go to a pool of `jobs` threads as the
/// caller pulls results; at most `window` are between the input and the caller at any time
/// (being read, in flight, or finished but waiting for an earlier one), so memory stays
/// bounded whatever the input's length, and results come back in input order.
#[pyclass(module = "dealwire._native")]
struct ExtractMany {
    items: Items,
    pool: Arc<rayon::ThreadPool>,
    settings: Arc<Settings>,
    tx: Sender<Finished>,
    rx: std::sync::Mutex<Receiver<Finished>>,
    window: u64,
    /// Window places handed out and not given back yet: documents being read or worked on,
    /// and results waiting in `ready`.
    reserved: u64,
    /// Jobs given to the pool whose results have not come back.
    jobs_out: u64,
    /// Items taken from a Python iterable so far (the next one's index).
    taken: u64,
    /// The input's length, once its end has been seen.
    end: Option<u64>,
    emitted: u64,
    ready: BTreeMap<u64, Slot>,
    yield_errors: bool,
    want: Want,
}

/// Where `extract_many` takes its documents from.
enum Items {
    /// Any Python iterable, each item converted with the GIL held.
    Python(Py<PyAny>),
    /// The reader of `read(path)`, taken over whole: its documents go from the library's
    /// reader to the pool without becoming Python objects, exactly as in `dealwire extract`.
    /// The pool's threads read them, a chunk per job, so reading never competes with the
    /// extraction threads for the cores: with `jobs=N` the work runs on N threads, not N + 1.
    Native(Arc<std::sync::Mutex<SharedReader>>),
    Done,
}

/// The reader as the pool's jobs share it: each job takes the next documents in turn, with
/// their places in the input.
struct SharedReader {
    source: LocalSource,
    next: u64,
    ended: bool,
}

/// A result waiting for its turn: the pipeline's outcome, or a Python error met while taking
/// the item (not a str or dict; the input iterator itself raised), which is raised at the
/// item's place so that the results before it are not lost.
enum Slot {
    Done(Outcome),
    Raise(PyErr),
}

/// What one pool job sends back.
struct Finished {
    outcomes: Vec<(u64, Outcome)>,
    /// Window places the job was given and did not fill, because the input ended.
    unused: u64,
    /// The input's length, when the job found its end.
    end: Option<u64>,
}

/// Documents go to the pool and come back this many at a time: a hand-over per document (a
/// job, a message, a wake-up of the waiting caller) cost the caller's thread 0.4 s of CPU on
/// news-dev x10, a sixth of the extraction itself.
const CHUNK: usize = 16;

impl ExtractMany {
    /// A pool job that reads the next chunk of documents from the shared reader and runs
    /// them. Reading holds the reader's lock; the other jobs meanwhile work on what they read.
    fn spawn_read_job(&self, reader: &Arc<std::sync::Mutex<SharedReader>>) {
        let reader = Arc::clone(reader);
        let tx = self.tx.clone();
        let settings = Arc::clone(&self.settings);
        let want = self.want;
        self.pool.spawn_fifo(move || {
            let mut docs = Vec::with_capacity(CHUNK);
            let mut outcomes = Vec::with_capacity(CHUNK);
            let end = {
                // A reader that panicked is marked ended below; its state is still usable.
                let mut r = reader.lock().unwrap_or_else(|p| p.into_inner());
                while docs.len() + outcomes.len() < CHUNK && !r.ended {
                    let index = r.next;
                    let source = &mut r.source;
                    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| source.next())) {
                        Ok(None) => {
                            r.ended = true;
                            break;
                        }
                        Ok(Some(Ok(doc))) => docs.push((index, doc)),
                        Ok(Some(Err(e))) => outcomes.push((index, Err(e))),
                        Err(_) => {
                            outcomes.push((index, Err(internal_error("read".into()))));
                            r.ended = true;
                        }
                    }
                    r.next = index + 1;
                }
                r.ended.then_some(r.next)
            };
            let taken = (docs.len() + outcomes.len()) as u64;
            outcomes.extend(
                docs.into_iter()
                    .map(|(index, doc)| (index, run_guarded(doc, &settings, want))),
            );
            // The iterator may have been dropped; its results are not wanted.
            let _ = tx.send(Finished {
                outcomes,
                unused: CHUNK as u64 - taken,
                end,
            });
        });
    }

    /// A pool job for documents made from Python items on the caller's thread.
    fn spawn_docs_job(&self, docs: Vec<(u64, RawDoc)>) {
        if docs.is_empty() {
            return;
        }
        let tx = self.tx.clone();
        let settings = Arc::clone(&self.settings);
        let want = self.want;
        self.pool.spawn_fifo(move || {
            let outcomes = docs
                .into_iter()
                .map(|(index, doc)| (index, run_guarded(doc, &settings, want)))
                .collect();
            let _ = tx.send(Finished {
                outcomes,
                unused: 0,
                end: None,
            });
        });
    }

    /// Hands work to the pool (which never needs the GIL) until `window` places are taken, a
    /// chunk at a time: only once there is room for a whole chunk, unless nothing is out.
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        let room = self.window - self.reserved;
        if room < CHUNK as u64 && self.reserved > 0 {
            return Ok(());
        }
        match &self.items {
            Items::Done => {}
            Items::Native(reader) => {
                let reader = Arc::clone(reader);
                for _ in 0..(room / CHUNK as u64).max(1) {
                    self.spawn_read_job(&reader);
                    self.reserved += CHUNK as u64;
                    self.jobs_out += 1;
                }
            }
            Items::Python(items) => {
                let items = items.clone_ref(py);
                let mut docs = Vec::with_capacity(CHUNK);
                for _ in 0..room {
                    let index = self.taken;
                    let item = match items.bind(py).call_method0("__next__") {
                        Ok(item) => item,
                        Err(e) => {
                            self.items = Items::Done;
                            if !e.is_instance_of::<pyo3::exceptions::PyStopIteration>(py) {
                                self.taken += 1;
                                self.reserved += 1;
                                self.ready.insert(index, Slot::Raise(e));
                            }
                            self.end = Some(self.taken);
                            break;
                        }
                    };
                    self.taken += 1;
                    self.reserved += 1;
                    match item_doc(&item, index) {
                        Ok(Ok(doc)) => {
                            docs.push((index, doc));
                            if docs.len() >= CHUNK {
                                self.spawn_docs_job(std::mem::take(&mut docs));
                                self.jobs_out += 1;
                            }
                        }
                        Ok(Err(e)) => {
                            self.ready.insert(index, Slot::Done(Err(e)));
                        }
                        Err(e) => {
                            self.ready.insert(index, Slot::Raise(e));
                        }
                    }
                }
                if !docs.is_empty() {
                    self.spawn_docs_job(docs);
                    self.jobs_out += 1;
                }
            }
        }
        Ok(())
    }

    /// The next result in input order, waiting for it with the GIL released.
    fn next_outcome(&mut self, py: Python<'_>) -> PyResult<Option<Slot>> {
        let want = self.emitted;
        loop {
            if self.end == Some(want) {
                return Ok(None);
            }
            if let Some(slot) = self.ready.remove(&want) {
                self.emitted += 1;
                self.reserved -= 1;
                return Ok(Some(slot));
            }
            self.fill(py)?;
            if self.jobs_out == 0 {
                if self.end == Some(want) || self.ready.contains_key(&want) {
                    continue;
                }
                return Err(PyRuntimeError::new_err(format!(
                    "extract_many: no result for item {want} (please report)"
                )));
            }
            let rx = self
                .rx
                .get_mut()
                .map_err(|_| PyRuntimeError::new_err("extract_many: result queue poisoned"))?;
            let got = py.detach(move || rx.recv_timeout(SIGNAL_CHECK));
            match got {
                Ok(done) => {
                    self.jobs_out -= 1;
                    self.reserved -= done.unused;
                    if let Some(end) = done.end {
                        self.end = Some(end);
                        self.items = Items::Done;
                    }
                    for (i, outcome) in done.outcomes {
                        self.ready.insert(i, Slot::Done(outcome));
                    }
                }
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err("extract_many: worker pool gone"))
                }
            }
        }
    }
}

#[pymethods]
impl ExtractMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let outcome = match self.next_outcome(py)? {
            None => return Ok(None),
            Some(Slot::Raise(e)) => return Err(e),
            Some(Slot::Done(outcome)) => outcome,
        };
        let result = outcome_to_py(py, outcome).and_then(|v| {
            // `[records, article]` decoded comes back as a tuple, so it unpacks as documented.
            if self.want.article && !self.want.lines {
                Ok(PyTuple::new(py, v.try_iter()?.collect::<PyResult<Vec<_>>>()?)?.into_any())
            } else {
                Ok(v)
            }
        });
        match result {
            Err(e) if self.yield_errors && is_input_error(py, &e) => {
                Ok(Some(e.into_value(py).into_bound(py).into_any()))
            }
            other => other.map(Some),
        }
    }
}

fn is_input_error(py: Python<'_>, e: &PyErr) -> bool {
    py.import("dealwire")
        .and_then(|m| m.getattr("InputError"))
        .map(|cls| e.get_type(py).is_subclass(&cls).unwrap_or(false))
        .unwrap_or(false)
}

/// Deal records for many articles, one list per item, in the items' order.
///
/// Items are `str` (read as `extract(text)` reads it) or dicts with the keys of a JSONL line
/// (`html` or `text`, and `url`, `title`, `published`, `id`, `source`), such as `read` yields.
/// Given `read(path)` itself, it takes the reader over and its documents never become Python
/// objects: `extract_many(read(path))` is `dealwire extract PATH`, at the command's speed.
/// The work runs on `jobs` threads (default: one per core) without the GIL, a bounded number
/// of items ahead of the caller. An item that is no article raises `InputError` at its place
/// (the iterator can be resumed after it), or with `errors="yield"` is yielded as the
/// exception object instead of a list. With `articles=True` each result is a tuple
/// `(records, article)`, the article (id, url, title, published, source, text, sentences) as
/// `dealwire extract --articles` writes it: computed once with the records, not cleaned again.
/// With `as_json=True` records (and articles) come as the JSON lines the command writes
/// (`str`), not decoded: for writing them out again, which then costs no parse and no dump.
#[pyfunction]
#[pyo3(signature = (items, *, jobs=None, errors="raise", articles=false, as_json=false))]
fn extract_many(
    items: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    errors: &str,
    articles: bool,
    as_json: bool,
) -> PyResult<ExtractMany> {
    let yield_errors = match errors {
        "raise" => false,
        "yield" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors must be \"raise\" or \"yield\", not {other:?}"
            )))
        }
    };
    if jobs == Some(0) {
        return Err(PyValueError::new_err("jobs must be at least 1"));
    }
    let jobs = default_jobs(jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("dealwire-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start {jobs} threads: {e}")))?;
    let items = match items.cast::<Reader>() {
        Ok(reader) => {
            let mut reader = reader.borrow_mut();
            let source = reader
                .source
                .get_mut()
                .map_err(|_| PyRuntimeError::new_err("read: reader poisoned"))?;
            // The reader is used up by extract_many, as iterating it would use it up.
            let taken = std::mem::replace(source, LocalSource::new(vec![], ReadLimits::default()));
            Items::Native(Arc::new(std::sync::Mutex::new(SharedReader {
                source: taken,
                next: 0,
                ended: false,
            })))
        }
        Err(_) => Items::Python(items.try_iter()?.into_any().unbind()),
    };
    let (tx, rx) = channel();
    Ok(ExtractMany {
        items,
        pool: Arc::new(pool),
        settings: Arc::new(Settings::default()),
        tx,
        rx: std::sync::Mutex::new(rx),
        // As many documents ahead as the command keeps in one batch.
        window: 64 * jobs as u64,
        reserved: 0,
        jobs_out: 0,
        taken: 0,
        end: None,
        emitted: 0,
        ready: BTreeMap::new(),
        yield_errors,
        want: Want {
            article: articles,
            lines: as_json,
        },
    })
}

/// The cleaner alone: the article body and metadata of one page, as `dealwire clean --jsonl`
/// prints them (without the `id`). A page with no article comes back with `status` saying
/// why (`"empty"`, `"paywalled"`, `"consent"`); input that is not a page at all (empty,
/// binary) raises `InputError`.
#[pyfunction]
#[pyo3(signature = (html, *, url=None))]
fn clean<'py>(
    py: Python<'py>,
    html: &Bound<'py, PyAny>,
    url: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let bytes = bytes_of(html, "html")?;
    let origin = url.clone().unwrap_or_else(|| "html".to_string());
    let json = py.detach(|| {
        clean_page(
            &origin,
            &bytes,
            None,
            url.as_deref(),
            &CleanSettings::default(),
        )
        .map(|c| to_json(&CleanLine::new(None, url.as_deref(), &c)))
    });
    match json {
        Ok(j) => json_loads(py, &j?),
        Err(e) => Err(input_error(py, &e)),
    }
}

/// The sentence splitter alone: `{"start", "end", "text"}` per sentence, offsets in
/// characters, so `text[s["start"]:s["end"]] == s["text"]` in Python.
#[pyfunction]
fn sentences<'py>(py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
    let json = py.detach(|| to_json(&SentenceLine::split(&text)))?;
    json_loads(py, &json)
}

/// The iterator `read` returns: documents from a file, folder or dump, one at a time.
#[pyclass(module = "dealwire._native")]
struct Reader {
    source: std::sync::Mutex<LocalSource>,
    yield_errors: bool,
}

fn doc_to_py(py: Python<'_>, doc: RawDoc) -> PyResult<Bound<'_, PyAny>> {
    let d = PyDict::new(py);
    d.set_item("origin", &doc.origin)?;
    d.set_item("url", &doc.url)?;
    d.set_item("title", &doc.title)?;
    d.set_item("published", doc.published.map(|p| p.to_string()))?;
    d.set_item("source", &doc.source)?;
    match doc.body {
        Body::Html(bytes) => {
            d.set_item("html", PyBytes::new(py, &bytes))?;
            d.set_item("charset", &doc.charset)?;
        }
        Body::Text(text) => d.set_item("text", text)?,
    }
    Ok(d.into_any())
}

#[pymethods]
impl Reader {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let source = self
            .source
            .get_mut()
            .map_err(|_| PyRuntimeError::new_err("read: reader poisoned"))?;
        match py.detach(|| source.next()) {
            None => Ok(None),
            Some(Ok(doc)) => doc_to_py(py, doc).map(Some),
            Some(Err(e)) if self.yield_errors => Ok(Some(
                input_error(py, &e).into_value(py).into_bound(py).into_any(),
            )),
            Some(Err(e)) => Err(input_error(py, &e)),
        }
    }
}

/// The documents of a file, folder (read recursively, sorted) or dump (JSONL, WARC, gzipped or
/// not), streamed as `dealwire extract` reads them: dicts with `origin`, `url`, `title`,
/// `published`, `source` and either `text` (str) or `html` (bytes, with `charset`).
/// `extract_many(read(path))` gives what `dealwire extract PATH` writes. A damaged record or
/// unreadable file raises `InputError` (`ReadError` for IO) at its place and reading can go
/// on; with `errors="yield"` it is yielded instead.
#[pyfunction]
#[pyo3(signature = (path, *, errors="raise"))]
fn read(path: PathBuf, errors: &str) -> PyResult<Reader> {
    let yield_errors = match errors {
        "raise" => false,
        "yield" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors must be \"raise\" or \"yield\", not {other:?}"
            )))
        }
    };
    let input = match path.to_str() {
        Some(s) => Input::parse(s),
        None => Input::Path(path),
    };
    Ok(Reader {
        source: std::sync::Mutex::new(LocalSource::new(vec![input], ReadLimits::default())),
        yield_errors,
    })
}

/// The files `dealwire extract PATH` reads for a path: the path itself when it is a file, else
/// the folder's files as the command walks it (recursive, hidden names skipped, the dump and
/// page extensions only, symbolic links followed but no folder entered twice), sorted. One
/// definition of "the files a folder holds", so that a job that lists its inputs itself (the
/// Spark job, a scheduler) reads what the command would.
#[pyfunction]
fn files(py: Python<'_>, path: PathBuf) -> PyResult<Vec<std::ffi::OsString>> {
    let meta = std::fs::metadata(&path).map_err(|source| {
        input_error(
            py,
            &Error::Io {
                path: path.clone(),
                source,
            },
        )
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.into_os_string()]);
    }
    // As str with the filesystem's encoding (undecodable bytes as surrogates, as `os.listdir`
    // gives them), so every path found can be opened again.
    let found = py.detach(|| dealwire::fetch::local::walk_dir(&path));
    let found = found.map_err(|e| input_error(py, &e))?;
    Ok(found.into_iter().map(PathBuf::into_os_string).collect())
}

/// The JSON Schema of a deal record (`deal/1`), as `dealwire schema` prints it.
#[pyfunction]
fn schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    json_loads(py, &to_json(&dealwire::record::json_schema())?)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", dealwire::VERSION)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(clean, m)?)?;
    m.add_function(wrap_pyfunction!(sentences, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(files, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_class::<ExtractMany>()?;
    m.add_class::<Reader>()?;
    Ok(())
}
