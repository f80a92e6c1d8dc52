"""Deal records from tech-news articles, computed in-process by dealwire's Rust library.

The functions are the ones the ``dealwire`` command runs, called in-process:

- ``extract(text)`` / ``extract(html=page)``: the deal records of one article, exactly as
  ``dealwire extract`` writes them (contract ``deal/1``), as a list of dicts;
- ``extract_many(items, jobs=N)``: one list of records per item, in input order, computed on
  ``N`` threads without the GIL and a bounded number of items ahead of the caller;
- ``read(path)``: the documents of a file, folder, JSONL or WARC dump, streamed; so
  ``extract_many(read(path))`` is ``dealwire extract PATH``;
- ``files(path)``: the files ``dealwire extract PATH`` reads for a file or folder;
- ``clean(html)`` and ``sentences(text)``: the cleaner and the sentence splitter alone;
- ``schema()``: the record's JSON Schema (also shipped as ``SCHEMA_FILE``).

An input that cannot be made into an article raises an ``InputError`` naming it; nothing an
input holds can crash the interpreter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

__all__ = [
    "Error",
    "InputError",
    "NoArticleError",
    "ReadError",
    "SCHEMA_FILE",
    "TooLargeError",
    "__version__",
    "clean",
    "extract",
    "extract_many",
    "files",
    "read",
    "schema",
    "sentences",
]


class Error(Exception):
    """The base of every exception dealwire raises on purpose."""


class InputError(Error, ValueError):
    """An input could not be read or made into an article.

    The message starts with the input's name (a path, ``path:line (id)``, ``items[3]``, the
    URL given, or ``text``/``html``); the attributes say the same for programs:

    - ``origin``: that name;
    - ``kind``: a short machine-readable kind (``empty``, ``binary``, ``invalid_utf8``,
      ``invalid_json``, ``no_article``, ``too_large``, ``io``, ``format``), the one
      ``dealwire extract --errors`` writes;
    - ``stage``: where it failed (``read`` or ``clean``).
    """

    def __init__(
        self,
        message: str,
        *,
        origin: Optional[str] = None,
        kind: Optional[str] = None,
        stage: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.origin = origin
        self.kind = kind
        self.stage = stage

    def __str__(self) -> str:
        # OSError's own formatting would show the constructor's arguments.
        return str(self.args[0]) if self.args else ""


class NoArticleError(InputError):
    """A page with no article text: empty, or only a paywall teaser or a consent wall."""


class TooLargeError(InputError):
    """An input over the size limit (64 MiB a file or line)."""


class ReadError(InputError, OSError):
    """An input that could not be read at all (a missing file, a permission denied)."""


# Imported after the exceptions: the native module looks them up here when it raises.
from ._native import (  # noqa: E402
    __version__,
    clean,
    extract,
    extract_many,
    files,
    read,
    schema,
    sentences,
)

SCHEMA_FILE: Path = Path(__file__).with_name("deal-record.schema.json")
"""The record's JSON Schema as a file, the same document ``schema()`` returns."""
