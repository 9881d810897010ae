"""``match RELEASES ARTICLES``: which release each article comes from, and how much of it.

Both arguments are a folder, a quoted glob pattern or one file (``core.documents
.find_documents``). Documents that cannot be read are listed on stderr and left out; the rest
go to ``core.match.match_articles`` (MinHash LSH candidates, then the aligner on those only).
Prints each article with the releases it derives from and the share derived; ``--json OUT``
writes the same with the candidates checked. Progress on stderr unless ``--quiet``. Must not
import Qt or ``ui/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core.cli.common import CliError
from core.cli.progress import CliProgress
from core.compare import check_document
from core.documents import Document, LoadError, find_documents, load_document
from core.match import (
    MAX_CANDIDATES,
    MIN_HITS,
    MIN_LINKS,
    MIN_SHARE,
    THRESHOLD,
    ArticleMatch,
    MatchSettings,
    match_articles,
)
from core.results import CompareOptions


def register(sub: Any) -> None:
    p = sub.add_parser(
        "match",
        help="find which releases each article derives from, and how much of it",
        description="Index every release's passages (MinHash LSH), find each article's "
        "candidate releases, and align the article with those only. An article derives from "
        "a release when at least --min-share of its text is linked to it.",
    )
    p.add_argument("releases", help="folder, quoted glob pattern or file of releases")
    p.add_argument("articles", help="folder, quoted glob pattern or file of articles")
    p.add_argument("--json", metavar="OUT.json", help="write every article's matches as JSON")
    p.add_argument("--min-share", type=float, default=MIN_SHARE,
                   help="share of the article that must come from a release (default "
                        "%(default)s)")
    p.add_argument("--min-links", type=int, default=MIN_LINKS,
                   help="links into a release needed as well (default %(default)s)")
    p.add_argument("--threshold", type=float, default=THRESHOLD,
                   help="content-word similarity at which two passages meet in the index "
                        "(default %(default)s; lower finds more candidates, slower)")
    p.add_argument("--candidates", type=int, default=MAX_CANDIDATES,
                   help="releases aligned per article at most (default %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(handler=handle_match)


MAX_THRESHOLD = 0.96


def _settings(args: argparse.Namespace) -> MatchSettings:
    if not 0.0 <= args.min_share <= 1.0:
        raise CliError(f"--min-share must be between 0 and 1, not {args.min_share}")
    # datasketch cannot band an LSH index above 0.96 with its 64 permutations (NUM_PERM).
    if not 0.0 < args.threshold <= MAX_THRESHOLD:
        raise CliError(
            f"--threshold must be above 0 and at most {MAX_THRESHOLD}, not {args.threshold}")
    if args.candidates < 1 or args.min_links < 0:
        raise CliError("--candidates must be 1 or more and --min-links 0 or more")
    return MatchSettings(args.threshold, MIN_HITS, args.candidates, args.min_share,
                         args.min_links)


def load_all(spec: str, what: str, quiet: bool) -> tuple[list[Document], list[dict[str, str]]]:
    """The readable documents ``spec`` names, and one error entry per unreadable one."""
    try:
        paths = find_documents(spec)
    except LoadError as exc:
        raise CliError(f"{what}: {exc}") from exc
    docs: list[Document] = []
    errors: list[dict[str, str]] = []
    options = CompareOptions()
    with CliProgress(f"reading {what}", "files", quiet=quiet, always=True) as progress:
        for i, path in enumerate(paths):
            try:
                doc = load_document(path)
                check_document(doc, options)
                docs.append(doc)
            except LoadError as exc:
                errors.append({"path": str(path), "error": str(exc)})
                if not quiet:
                    print(f"concord: skipped {exc}", file=sys.stderr)
            progress(i + 1, len(paths), path.name)
    return docs, errors


def handle_match(args: argparse.Namespace) -> int:
    settings = _settings(args)
    releases, r_errors = load_all(args.releases, "releases", args.quiet)
    if not releases:
        raise CliError(f"{args.releases}: no release could be read")
    articles, a_errors = load_all(args.articles, "articles", args.quiet)
    if not articles:
        raise CliError(f"{args.articles}: no article could be read")
    with CliProgress("aligning", "pairs", quiet=args.quiet, always=True) as progress:
        matches = match_articles(releases, articles, settings=settings, progress=progress)
    for m in matches:
        print(article_line(m, releases, articles))
    matched = sum(1 for m in matches if m.derives_from)
    aligned = sum(len(m.candidates) for m in matches)
    print(f"\n{matched} of {len(articles)} articles derive from a release; aligned "
          f"{aligned} candidate pairs of {len(articles) * len(releases)}")
    if args.json:
        data = match_json(matches, releases, articles, settings, r_errors + a_errors)
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                   encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


def article_line(m: ArticleMatch, releases: list[Document], articles: list[Document]) -> str:
    name = articles[m.article].path
    if not m.derives_from:
        return f"{name}: none ({len(m.candidates)} candidate(s) checked)"
    parts = [f"{releases[d.release].path} {100 * d.derived_share:.1f}% ({d.links} links)"
             for d in m.derives_from]
    return f"{name}: " + "; ".join(parts)


def match_json(
    matches: list[ArticleMatch],
    releases: list[Document],
    articles: list[Document],
    settings: MatchSettings,
    errors: list[dict[str, str]],
) -> dict[str, Any]:
    def derivation(d: Any) -> dict[str, Any]:
        return {"release": releases[d.release].path, "derived_share": d.derived_share,
                "verbatim_share": d.verbatim_share, "links": d.links}

    return {
        "settings": {"threshold": settings.threshold, "min_hits": settings.min_hits,
                     "max_candidates": settings.max_candidates,
                     "min_share": settings.min_share, "min_links": settings.min_links},
        "releases": [r.path for r in releases],
        "articles": [
            {
                "article": articles[m.article].path,
                "derives_from": [derivation(d) for d in m.derives_from],
                "candidates": [derivation(d) for d in m.checked],
            }
            for m in matches
        ],
        "errors": errors,
    }
