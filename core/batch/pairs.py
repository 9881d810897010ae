"""The pairs a batch compares: from a JSON-lines manifest, or a release and many reports.

A ``Pair`` names its release and report as workers will open them (absolute paths, or web
addresses) and has an ``id`` that is unique in the batch: the output is keyed by it, which is
what lets a rerun skip pairs already written. A manifest line that cannot be run (not JSON, no
paths) is still a pair, with its ``problem``, so that it gets its error row like any failing
pair. Ids that repeat would make resuming ambiguous and are refused with one ``BatchError``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from core.documents import LoadError, find_documents, is_address


class BatchError(Exception):
    """A batch that cannot start (bad manifest, unreachable cluster); ``str()`` is one line."""


@dataclass(frozen=True)
class Pair:
    """One (release, report) comparison of a batch."""

    id: str
    official: str
    report: str
    #: Why this manifest line cannot be compared; the pair is written as that error.
    problem: str | None = None


def _located(base: Path, source: str) -> str:
    """An address as it is; a path made absolute, so a worker anywhere reads the same file."""
    if is_address(source):
        return source
    path = Path(source)
    return str((path if path.is_absolute() else base / path).resolve())


def pairs_from_manifest(path: str | Path) -> list[Pair]:
    """One pair per non-blank line of ``path``; paths in it are relative to its folder."""
    manifest = Path(path)
    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise BatchError(f"{manifest.name}: manifest not found") from exc
    except IsADirectoryError as exc:
        raise BatchError(f"{manifest.name}: is a folder, not a manifest; to compare a "
                         "release with a folder of reports give both: RELEASE REPORTS") from exc
    except UnicodeDecodeError as exc:
        raise BatchError(f"{manifest.name}: manifest is not UTF-8 text") from exc
    base = manifest.resolve().parent
    pairs: list[Pair] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            pairs.append(Pair(str(n), "", "", f"line {n} is not JSON ({exc.msg})"))
            continue
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("official"), str)
            or not isinstance(entry.get("report"), str)
        ):
            pairs.append(Pair(str(n), "", "", f'line {n} needs "official" and "report" paths'))
            continue
        pair_id = str(entry.get("id", n))
        pairs.append(
            Pair(pair_id, _located(base, entry["official"]), _located(base, entry["report"]))
        )
    # A bad line is named by its line number; when a good line chose that number as its own
    # id, the bad line gives way ("line:2"), so one bad line never refuses the manifest.
    chosen = {p.id for p in pairs if p.problem is None}
    pairs = [replace(p, id=f"line:{p.id}") if p.problem is not None and p.id in chosen else p
             for p in pairs]
    _check_unique(pairs, manifest.name)
    return pairs


def pairs_from_sources(release: str, sources: Sequence[str]) -> list[Pair]:
    """The release against every report the ``sources`` name (folders, glob patterns, files).

    A report's id is its path as found (``reports/a.html``) or its address; the release itself
    is left out when a folder holds it too.
    """
    official = _located(Path.cwd(), release)
    if not is_address(release) and not Path(official).is_file():
        raise BatchError(f"{Path(release).name}: release not found")
    pairs: dict[str, Pair] = {}
    for source in sources:
        if is_address(source):
            found = [source]
        else:
            try:
                found = [str(p) for p in find_documents(source)]
            except LoadError as exc:
                raise BatchError(str(exc)) from exc
        for report in found:
            located = _located(Path.cwd(), report)
            if located != official:
                pairs.setdefault(report, Pair(report, official, located))
    if not pairs:
        raise BatchError("no reports to compare: the sources hold only the release")
    return list(pairs.values())


def _check_unique(pairs: Sequence[Pair], where: str) -> None:
    first: dict[str, int] = {}
    for n, pair in enumerate(pairs, 1):
        if pair.id in first:
            raise BatchError(
                f"{where}: id {pair.id!r} is used by pairs {first[pair.id]} and {n}; "
                "every pair needs its own id (the output is keyed by it)"
            )
        first[pair.id] = n
