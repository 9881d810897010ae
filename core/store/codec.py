"""Frozen dataclasses <-> JSON-ready dicts for ``Document``, ``Comparison`` and ``CompareResult``.

The session store keeps documents and cached comparison results as JSON; this module is the only
place that knows how those dicts look. Encoding is driven by the dataclasses' own type hints, so a
new field with a default is picked up without touching this file. Fields equal to their default
are left out and ``Span`` is written as ``[start, end]`` to keep large source maps small.
Standard library only; must not import Qt, ``ui/`` or SQLite.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

from core.documents import Document, Span
from core.results import CompareOptions, CompareResult, Comparison

#: Bumped when the dict layout changes in a way old readers cannot follow.
FORMAT_VERSION = 1

T = TypeVar("T")


class SerializeError(ValueError):
    """Stored JSON does not describe the expected object (damaged or from a newer Concord)."""


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def encode(value: Any) -> Any:
    """Any supported value (dataclass, enum, tuple, scalar) as plain JSON-ready data."""
    if isinstance(value, Span):
        return [value.start, value.end]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and v == f.default:
                continue
            if f.default_factory is not dataclasses.MISSING and v == f.default_factory():
                continue
            out[f.name] = encode(v)
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__}")


def decode(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from ``encode`` output; wrong shapes raise SerializeError."""
    return _decoder(tp)(data)


Decoder = typing.Callable[[Any], Any]


@cache
def _decoder(tp: Any) -> Decoder:
    """A decoding function per type, worked out once: looking the type apart for every value
    made reopening a 101-document session cost 25 ms of decoding on the window's thread."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = _decoder(next(a for a in get_args(tp) if a is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        return _tuple_decoder(tp)
    if tp is Span:
        return _span
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return lambda data: _enum(tp, data)
    if tp is float:
        return lambda data: _float(data)
    if tp in (int, str, bool):
        return lambda data: _scalar(tp, data)
    raise TypeError(f"cannot deserialise type {tp!r}")


def _tuple_decoder(tp: Any) -> Decoder:
    args = get_args(tp)
    if len(args) == 2 and args[1] is Ellipsis:
        item = _span if args[0] is Span else _decoder(args[0])

        def many(data: Any) -> tuple[Any, ...]:
            _expect(isinstance(data, list), tp, data)
            return tuple(item(v) for v in data)

        return many
    items = tuple(_decoder(a) for a in args)

    def fixed(data: Any) -> tuple[Any, ...]:
        _expect(isinstance(data, list) and len(data) == len(items), tp, data)
        return tuple(f(v) for f, v in zip(items, data, strict=True))

    return fixed


def _dataclass_decoder(tp: type) -> Decoder:
    plan: list[tuple[str, Decoder]] = []

    def build(data: Any) -> Any:
        _expect(isinstance(data, dict), tp, data)
        if not plan:  # worked out on first use, so a type may refer to itself
            hints = _hints(tp)
            plan.extend((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(tp))
        kwargs = {name: f(data[name]) for name, f in plan if name in data}
        try:
            return tp(**kwargs)
        except (TypeError, ValueError) as exc:
            raise SerializeError(f"bad {tp.__name__}: {exc}") from exc

    return build


def _span(data: Any) -> Span:
    _expect(isinstance(data, list) and len(data) == 2, Span, data)
    try:
        return Span(int(data[0]), int(data[1]))
    except (TypeError, ValueError) as exc:
        raise SerializeError(str(exc)) from exc


def _enum(tp: type[Enum], data: Any) -> Enum:
    try:
        return tp(data)
    except ValueError as exc:
        raise SerializeError(f"unknown {tp.__name__} value {data!r}") from exc


def _float(data: Any) -> float:
    _expect(isinstance(data, (int, float)) and not isinstance(data, bool), float, data)
    return float(data)


def _scalar(tp: type, data: Any) -> Any:
    _expect(isinstance(data, tp) and (tp is bool or not isinstance(data, bool)), tp, data)
    return data


def _expect(ok: bool, tp: Any, data: Any) -> None:
    if not ok:
        shown = repr(data)
        raise SerializeError(f"expected {tp!r}, found {shown[:60]}")


def _typed(cls: type[T], data: Any) -> T:
    value = decode(cls, data)
    assert isinstance(value, cls)
    return value


def _check_version(data: Any, what: str) -> None:
    if not isinstance(data, dict):
        raise SerializeError(f"stored {what} is not a JSON object")
    version = data.get("version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise SerializeError(f"stored {what} was written by a newer Concord (format {version})")


def document_to_dict(doc: Document, *, include_text: bool = True) -> dict[str, Any]:
    """``doc`` as a JSON-ready dict; ``include_text=False`` when the text is stored apart."""
    out = encode(doc)
    if not include_text:
        out.pop("text", None)
    out["version"] = FORMAT_VERSION
    return typing.cast(dict[str, Any], out)


def document_from_dict(data: dict[str, Any], *, text: str | None = None) -> Document:
    """Inverse of ``document_to_dict``; ``text`` supplies the text if it was stored apart."""
    _check_version(data, "document")
    if text is not None:
        data = {**data, "text": text}
    if "text" not in data:
        raise SerializeError("stored document has no text")
    return _typed(Document, data)


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    out = typing.cast(dict[str, Any], encode(comparison))
    out["version"] = FORMAT_VERSION
    return out


def comparison_from_dict(data: dict[str, Any]) -> Comparison:
    _check_version(data, "comparison")
    return _typed(Comparison, data)


def result_to_dict(result: CompareResult) -> dict[str, Any]:
    out = typing.cast(dict[str, Any], encode(result))
    out["version"] = FORMAT_VERSION
    return out


def result_from_dict(data: dict[str, Any]) -> CompareResult:
    _check_version(data, "comparison result")
    return _typed(CompareResult, data)


def options_hash(options: CompareOptions) -> str:
    """Stable hash of the options, part of the cache key of a stored comparison."""
    canonical = json.dumps(encode_all_fields(options), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def encode_all_fields(value: Any) -> dict[str, Any]:
    """Like ``encode`` for one dataclass, but keeps default-valued fields (stable hashing)."""
    return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}


def dumps(data: Any) -> str:
    """Compact JSON text; non-ASCII kept as is (SQLite stores UTF-8)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
