"""Type stubs for the compiled part of the package; the docstrings are in the module."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Optional, Tuple, Union, overload

from . import InputError

Record = Dict[str, Any]
Document = Dict[str, Any]

__version__: str

def extract(
    text: Union[str, bytes, None] = None,
    *,
    html: Union[str, bytes, None] = None,
    url: Optional[str] = None,
    title: Optional[str] = None,
    published: Optional[str] = None,
) -> List[Record]: ...

@overload
def extract_many(
    items: Iterable[Union[str, bytes, Document]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["raise"] = "raise",
    articles: Literal[False] = False,
    as_json: Literal[False] = False,
) -> Iterator[List[Record]]: ...
@overload
def extract_many(
    items: Iterable[Union[str, bytes, Document]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["raise"] = "raise",
    articles: Literal[False] = False,
    as_json: Literal[True],
) -> Iterator[List[str]]: ...
@overload
def extract_many(
    items: Iterable[Union[str, bytes, Document]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["yield"],
    articles: Literal[False] = False,
    as_json: Literal[False] = False,
) -> Iterator[Union[List[Record], InputError]]: ...
@overload
def extract_many(
    items: Iterable[Union[str, bytes, Document]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["yield"],
    articles: Literal[False] = False,
    as_json: Literal[True],
) -> Iterator[Union[List[str], InputError]]: ...
@overload
def extract_many(
    items: Iterable[Union[str, bytes, Document]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["raise"] = "raise",
    articles: Literal[True],
    as_json: Literal[False] = False,
) -> Iterator[Tuple[List[Record], Dict[str, Any]]]: ...
@overload
def extract_many(
    items: Iterable[Union[str, bytes, Document]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["raise"] = "raise",
    articles: Literal[True],
    as_json: Literal[True],
) -> Iterator[Tuple[List[str], str]]: ...
@overload
def extract_many(
    items: Iterable[Union[str, bytes, Document]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["yield"],
    articles: Literal[True],
    as_json: Literal[False] = False,
) -> Iterator[Union[Tuple[List[Record], Dict[str, Any]], InputError]]: ...
@overload
def extract_many(
    items: Iterable[Union[str, bytes, Document]],
    *,
    jobs: Optional[int] = None,
    errors: Literal["yield"],
    articles: Literal[True],
    as_json: Literal[True],
) -> Iterator[Union[Tuple[List[str], str], InputError]]: ...
def clean(html: Union[str, bytes], *, url: Optional[str] = None) -> Dict[str, Any]: ...
def sentences(text: str) -> List[Dict[str, Any]]: ...

def files(path: Union[str, "os.PathLike[str]"]) -> List[str]: ...
@overload
def read(
    path: Union[str, "os.PathLike[str]"],
    *,
    errors: Literal["raise"] = "raise",
) -> Iterator[Document]: ...
@overload
def read(
    path: Union[str, "os.PathLike[str]"],
    *,
    errors: Literal["yield"],
) -> Iterator[Union[Document, InputError]]: ...
def schema() -> Dict[str, Any]: ...
