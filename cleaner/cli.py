"""The ``cleaner`` command: parse arguments, call the library, show progress. Nothing else.

Each subcommand is one ``add_<name>`` function that declares its arguments and sets
``func`` to the function that runs it; to add a subcommand, write both and list the
``add_`` function in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Self

from . import __version__
from .cleaner import Cleaner
from .decode import decode_html
from .errors import CleanerError, ConfigError, InputError, OutputError
from .readers import (
    DOCUMENT_SUFFIXES,
    Columns,
    Skipped,
    Unreadable,
    input_bytes,
    read_document,
    read_inputs,
)
from .report import RunStats, summary_table

MAX_ERRORS_SHOWN = 20  # unreadable records printed to stderr; the rest are only counted
# `-o NAME` with one of these suffixes names a file in a format a folder run does not write:
# making a folder called `x.parquet` would surely be a mistake.
FILE_SUFFIXES = (".parquet", ".arrow", ".json", ".csv", ".txt", ".gz")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # the library's warnings (a folder skipped, a stale lock taken over) as one line each
    logging.basicConfig(level=logging.WARNING, format="cleaner: %(message)s", stream=sys.stderr)
    try:
        return int(args.func(args))
    except CleanerError as error:
        print(f"cleaner: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `cleaner explain page.txt | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("cleaner: interrupted (a folder run can be continued with --resume)", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner", description="Clean scraped news and build datasets."
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


# ---------------------------------------------------------------- shared options


def add_cleaner_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", help="ISO 639-1 language of the documents (default: detect per document)"
    )
    parser.add_argument("--config", type=Path, help="TOML file of Cleaner settings (see README)")
    parser.add_argument(
        "--site-model", type=Path, help="site templates written by `cleaner learn` (adds site_repeat)"
    )


def make_cleaner(args: argparse.Namespace) -> Cleaner:
    from .settings import load_cleaner

    cleaner = load_cleaner(args.config) if args.config else Cleaner()
    if args.lang:
        cleaner = cleaner.replace(lang=args.lang)
    return with_site_model(cleaner, args)


# ---------------------------------------------------------------- clean


def add_clean(commands: Any) -> None:
    p = commands.add_parser(
        "clean", help="clean documents into JSONL or a Hub-ready dataset folder"
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, folders, globs (.txt .html .jsonl .json .csv .parquet .warc .wet, .gz), "
        "saved datasets, Hub ids",
    )
    p.add_argument(
        "-o",
        "--output",
        help="OUT.jsonl, or a FOLDER for a Hub-ready dataset (default: JSONL to stdout)",
    )
    p.add_argument(
        "--format", choices=("parquet", "jsonl"), default="parquet", help="shard format of a folder"
    )
    p.add_argument(
        "--save-to-disk", action="store_true", help="write the folder with Dataset.save_to_disk"
    )
    p.add_argument("--text-field", default="text", help="field holding the text (default: text)")
    p.add_argument("--html-field", help="field holding HTML, cleaned as HTML when present")
    p.add_argument("--url-field", default="url", help="field holding the URL (default: url)")
    p.add_argument("--id-field", default="id", help="field holding the id (default: id)")
    p.add_argument(
        "--split", default="train", help="split to read from a Hub dataset (default: train)"
    )
    p.add_argument("--subset", help="configuration (subset) of a Hub dataset")
    p.add_argument("--num-proc", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument(
        "--audit",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep the `removed` column listing every removal (default: on)",
    )
    p.add_argument(
        "--min-words",
        type=int,
        default=None,
        help="folder output: documents with fewer words left go to the `rejected` split (default: 50)",
    )
    p.add_argument("--license", help="licence of the data, for the dataset card (e.g. cc-by-4.0)")
    p.add_argument("--pretty-name", help="dataset name for the card")
    p.add_argument(
        "--max-shard-size", type=float, default=500.0, help="MB of data per shard (default: 500)"
    )
    p.add_argument(
        "--checkpoint-every",
        type=int,
        default=None,
        help="folder output: commit progress every N input records (default: 10000)",
    )
    p.add_argument("--resume", action="store_true", help="continue an interrupted folder run")
    p.add_argument(
        "--overwrite", action="store_true", help="replace what an earlier run wrote in the folder"
    )
    p.add_argument(
        "--rejects",
        type=Path,
        help="JSONL output: file for unreadable records (default: OUT.rejects.jsonl)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    add_cleaner_options(p)
    p.add_argument(
        "--learn",
        action="store_true",
        help="first learn the sites' templates from the same inputs (two passes over them)",
    )
    add_learn_options(p)
    p.set_defaults(func=run_clean)


def run_clean(args: argparse.Namespace) -> int:
    from .export import MIN_WORDS, Job

    if args.num_proc < 1:
        raise ConfigError(f"--num-proc must be at least 1, got {args.num_proc}")
    to_folder = _output_is_folder(args)  # before make_cleaner: --learn reads all the inputs
    cleaner = make_cleaner(args)
    columns = Columns(
        text=args.text_field, html=args.html_field, url=args.url_field, id=args.id_field
    )
    # JSONL output writes every result; only a folder splits off the documents left too short
    min_words = MIN_WORDS if args.min_words is None else args.min_words
    job = Job(
        cleaner=cleaner, audit=args.audit, lang=args.lang, min_words=min_words if to_folder else 1
    )
    show = _wants_bar(args.quiet)
    started = time.monotonic()
    with _Progress(input_bytes(args.inputs) if show else None, show=show) as progress:
        items = read_inputs(
            args.inputs, columns=columns, split=args.split, subset=args.subset,
            on_bytes=progress.read if show else None,
        )
        if to_folder:
            stats = _clean_to_folder(args, job, columns, items, progress)
        else:
            stats = _clean_to_jsonl(args, job, items, progress)
    if not args.quiet:
        print(summary_table(stats, seconds=time.monotonic() - started), file=sys.stderr)
    if stats.inputs == 0:
        print("cleaner: no input records found", file=sys.stderr)
        return 1
    if stats.skipped and stats.kept + stats.rejected + stats.unreadable == 0:
        print("cleaner: no documents found: every input record was skipped", file=sys.stderr)
    return 1 if stats.kept + stats.rejected == 0 else 0  # nothing was readable, or no page


def _output_is_folder(args: argparse.Namespace) -> bool:
    """Whether ``-o`` names a folder; usage errors about the output are raised here."""
    to_folder = bool(args.output) and not _is_jsonl_path(args.output)
    if to_folder:
        _check_folder_name(args.output)
    folder_only = [
        f for f, on in (("--resume", args.resume), ("--save-to-disk", args.save_to_disk)) if on
    ]
    if folder_only and not to_folder:
        raise ConfigError(f"{', '.join(folder_only)} needs a folder output (-o FOLDER)")
    return to_folder


def _check_folder_name(output: str) -> None:
    """Refuse a folder output named like a file (``-o x.parquet``), unless it exists."""
    path = Path(output)
    if path.suffix.lower() in FILE_SUFFIXES and not path.is_dir():
        raise ConfigError(
            f"-o {output}: a folder run writes a folder of shards, and a folder named "
            f"*{path.suffix} is surely a mistake; give a folder (-o {path.with_suffix('')}/) "
            "or a name ending in .jsonl for JSON lines"
        )


def _clean_to_folder(
    args: argparse.Namespace, job: Any, columns: Columns, items: Any, progress: Any
) -> RunStats:
    from .folder import (
        CHECKPOINT_EVERY,
        REJECTS_FILE,
        FolderOptions,
        build_folder,
        run_fingerprint,
    )
    from .settings import describe

    if args.save_to_disk and args.format == "jsonl":
        raise ConfigError(
            "--save-to-disk writes arrow files; it cannot be combined with --format jsonl"
        )
    settings = {
        "cleaner_version": __version__,
        "inputs": list(args.inputs),
        "columns": {
            "text": columns.text,
            "html": columns.html,
            "url": columns.url,
            "id": columns.id,
        },
        "audit": job.audit,
        "lang": args.lang,
        "min_words": job.min_words,
        "cleaner": describe(job.cleaner),
        **_site_model_settings(job.cleaner),
    }
    options = FolderOptions(
        format="disk" if args.save_to_disk else args.format,
        license=args.license,
        pretty_name=args.pretty_name,
        lang=args.lang,
        max_shard_bytes=int(args.max_shard_size * 1024 * 1024),
        checkpoint_every=args.checkpoint_every or CHECKPOINT_EVERY,
        resume=args.resume,
        overwrite=args.overwrite,
        settings=settings,
    )
    fingerprint = run_fingerprint(settings, options)
    reporter = _ErrorReporter(None, where=str(Path(args.output) / REJECTS_FILE))
    items = _reported(items, reporter)
    return build_folder(
        items,
        Path(args.output),
        job,
        options,
        fingerprint=fingerprint,
        inputs=_local_inputs(args.inputs),
        num_proc=args.num_proc,
        progress=progress,
        on_resume=None if args.quiet else _say_resuming,
    )


def _say_resuming(done: int) -> None:
    print(
        f"cleaner: resuming: continuing after record {done:,} "
        "(the interrupted run wrote the ones before it)",
        file=sys.stderr,
    )


def _local_inputs(specs: Sequence[str]) -> list[Path]:
    """The input files, and the input folders themselves (an empty one is an input too)."""
    from .readers import input_files

    return [Path(s) for s in specs if Path(s).is_dir()] + input_files(specs)


def _clean_to_jsonl(args: argparse.Namespace, job: Any, items: Any, progress: Any) -> RunStats:
    from .output import write_jsonl
    from .safety import atomic_path, check_jsonl_target, written_atomically

    output = None if args.output in (None, "-") else Path(args.output)
    rejects = args.rejects or (
        output.with_name(_stem(output.name) + ".rejects.jsonl") if output else None
    )
    inputs = _local_inputs(args.inputs)
    for target, kind in ((output, "output"), (rejects, "rejects")):
        if target is not None:
            check_jsonl_target(target, inputs, overwrite=args.overwrite, kind=kind)
    try:
        with written_atomically(rejects) as rejects_tmp, _open_rejects(rejects_tmp) as handle:
            reporter = _ErrorReporter(handle, where=str(rejects) if rejects else None)
            if output is None:
                return write_jsonl(
                    items,
                    job,
                    sys.stdout,
                    num_proc=args.num_proc,
                    on_unreadable=reporter,
                    progress=progress,
                )
            with atomic_path(output) as tmp, _open_out(tmp, gz=output.suffix == ".gz") as out:
                return write_jsonl(
                    items, job, out, num_proc=args.num_proc, on_unreadable=reporter, progress=progress
                )
    except (CleanerError, BrokenPipeError):
        raise
    except OSError as error:  # a full disk, a folder made read-only mid-run
        where = output or "stdout"
        raise OutputError(f"{where}: cannot write ({error.strerror or error})") from error


def _stem(name: str) -> str:
    """``out.jsonl.gz`` -> ``out``.

    >>> _stem("out.jsonl.gz"), _stem("a.b.ndjson")
    ('out', 'a.b')
    """
    for suffix in (".gz", ".jsonl", ".ndjson"):
        name = name.removesuffix(suffix)
    return name


def _open_out(path: Path, *, gz: bool) -> IO[str]:
    if gz:
        return gzip.open(path, "wt", encoding="utf-8")
    return path.open("w", encoding="utf-8")


class _ErrorReporter:
    """Prints the first unreadable records to stderr and writes all of them to a rejects file
    (``handle``, or one the folder writes); ``where`` names it, None when there is none."""

    def __init__(self, handle: IO[str] | None, *, where: str | None) -> None:
        self.handle = handle
        self.where = where
        self.count = 0

    def __call__(self, item: Unreadable) -> None:
        self.count += 1
        if self.count <= MAX_ERRORS_SHOWN:
            print(f"cleaner: unreadable: {item.error}", file=sys.stderr)
        elif self.count == MAX_ERRORS_SHOWN + 1:
            rest = (
                f"all of them go to {self.where}"
                if self.where
                else "to keep all of them, add --rejects FILE"
            )
            print(f"cleaner: more records unreadable; {rest}", file=sys.stderr)
        if self.handle is not None:
            self.handle.write(
                json.dumps({"input": item.origin, "error": item.error}, ensure_ascii=False) + "\n"
            )


def _reported(items: Any, reporter: _ErrorReporter) -> Any:
    for item in items:
        if isinstance(item, Unreadable):
            reporter(item)
        yield item


class _open_rejects:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def __enter__(self) -> IO[str] | None:
        if self.path is not None:
            self.handle = self.path.open("w", encoding="utf-8")  # a new temporary file
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            empty = self.handle.tell() == 0
            self.handle.close()
            if empty and self.path is not None:
                self.path.unlink()


def _wants_bar(quiet: bool) -> bool:
    """A progress bar only for a person watching: not with -q, not into a file or a pipe."""
    return not quiet and sys.stderr.isatty()


class _Progress:
    """A tqdm bar on stderr, when ``_wants_bar``.

    When the inputs' size is known (``readers.input_bytes``: local files), the bar counts the
    bytes the readers have consumed against it, so it shows a total and the time left, with
    the records done beside it; otherwise (a Hub dataset) it counts records. Called with a
    number of records done; ``read`` is the readers' ``on_bytes``.
    """

    def __init__(
        self, total_bytes: int | None, *, show: bool, file: IO[str] | None = None
    ) -> None:
        self.total = total_bytes
        self.show = show
        self.file = file
        self.records = 0
        self.bar: Any = None

    def __enter__(self) -> Self:
        from tqdm import tqdm  # type: ignore[import-untyped]

        common = {"disable": not self.show, "file": self.file or sys.stderr, "mininterval": 0.5}
        if self.total is None:
            self.bar = tqdm(unit=" docs", **common)
        else:
            self.bar = tqdm(total=self.total, unit="B", unit_scale=True, unit_divisor=1024, **common)
        return self

    def __call__(self, records: int) -> None:
        self.records += records
        if self.total is None:
            self.bar.update(records)
        else:
            self.bar.set_postfix_str(f"{self.records:,} docs", refresh=False)

    def read(self, nbytes: int) -> None:
        if self.total is not None:
            self.bar.update(nbytes)

    def __exit__(self, *exc: object) -> None:
        self.bar.close()


def _is_jsonl_path(output: str) -> bool:
    return output == "-" or output.endswith((".jsonl", ".jsonl.gz", ".ndjson"))


# ---------------------------------------------------------------- explain


def add_explain(commands: Any) -> None:
    p = commands.add_parser(
        "explain", help="show a document with every removed line and its reason"
    )
    p.add_argument(
        "file", type=Path, metavar="FILE", help="one .txt or .html document (optionally .gz)"
    )
    p.add_argument("--url", help="the document's URL (helps HTML metadata)")
    p.add_argument(
        "--color",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ANSI colours (default: when stdout is a terminal)",
    )
    add_cleaner_options(p)
    p.set_defaults(func=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    from .explain import render_html, render_text
    from .export import clean_record

    if args.file.is_dir():
        raise InputError(_folder_given(args.file))
    if not args.file.is_file():
        raise InputError(f"{args.file}: no such file")
    if not args.file.name.lower().removesuffix(".gz").endswith(DOCUMENT_SUFFIXES):
        raise InputError(
            f"{args.file}: explain takes one document: {', '.join(DOCUMENT_SUFFIXES)} (or .gz)"
        )
    record = read_document(args.file)
    if isinstance(record, Unreadable):
        raise InputError(record.error)
    if args.url:
        record = type(record)(record.origin, record.id, record.text, record.html, args.url)
    result = clean_record(make_cleaner(args), record, lang=args.lang)
    color = (
        args.color
        if args.color is not None
        else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    )
    if record.html is not None:
        print(render_html(result, color=color))
    else:
        print(render_text(record.text or "", result, color=color))
    return 0


def _folder_given(folder: Path) -> str:
    """The message for ``explain FOLDER``, naming a document in it to explain instead."""
    documents = (
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name.lower().removesuffix(".gz").endswith(DOCUMENT_SUFFIXES)
    )
    example = next(documents, None)
    hint = f", e.g. cleaner explain {example}" if example else f" ({', '.join(DOCUMENT_SUFFIXES)})"
    return f"{folder}: is a folder; explain takes one document{hint}"


# ---------------------------------------------------------------- push


def add_push(commands: Any) -> None:
    p = commands.add_parser("push", help="upload a dataset folder to the Hugging Face Hub")
    p.add_argument(
        "folder", type=Path, metavar="FOLDER", help="a folder written by `cleaner clean -o FOLDER`"
    )
    p.add_argument("--repo-id", required=True, help="NAME or OWNER/NAME of the dataset repository")
    p.add_argument("--private", action="store_true", help="create the repository private")
    p.add_argument("--revision", help="branch to upload to (created if missing)")
    p.add_argument(
        "--dry-run", action="store_true", help="list what would be uploaded; upload nothing"
    )
    p.set_defaults(func=run_push)


def run_push(args: argparse.Namespace) -> int:
    from .hub import plan_upload, push

    upload = plan_upload(args.folder, args.repo_id, revision=args.revision, private=args.private)
    target = f"{upload.repo_id}" + (f"@{upload.revision}" if upload.revision else "")
    verb = "would upload" if args.dry_run else "uploading"
    print(
        f"{verb} {len(upload.files)} files ({upload.total_bytes:,} bytes) to dataset {target}"
        + (" (private)" if upload.private else "")
    )
    for name, size in upload.files:
        print(f"  {name}  {size:,}")
    if not args.dry_run:
        print(push(upload, args.folder))
    return 0


# ---------------------------------------------------------------- review


def add_review(commands: Any) -> None:
    from .review import DEFAULT_SAMPLE, DEFAULT_SEED

    p = commands.add_parser(
        "review", help="write one HTML page to audit what the cleaner removed, with a sample"
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a folder from `cleaner clean -o FOLDER` (or its JSONL output), or raw inputs to sample and clean",
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write")
    p.add_argument(
        "--sample", type=int, default=DEFAULT_SAMPLE, help=f"documents to show (default: {DEFAULT_SAMPLE})"
    )
    p.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"seed of the sample (default: {DEFAULT_SEED})"
    )
    p.add_argument("--text-field", default="text", help="raw input: field holding the text")
    p.add_argument("--html-field", help="raw input: field holding HTML")
    p.add_argument("--url-field", default="url", help="raw input: field holding the URL")
    p.add_argument("--id-field", default="id", help="raw input: field holding the id")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    add_cleaner_options(p)
    p.set_defaults(func=run_review)


def run_review(args: argparse.Namespace) -> int:
    from .review import build_review
    from .review_page import render_page
    from .safety import atomic_path

    output: Path = args.output
    if output.exists() and not args.overwrite:
        raise OutputError(f"{output}: exists; add --overwrite to replace it")
    if output.is_dir():
        raise OutputError(f"{output}: is a folder; name the HTML file to write")
    for spec in args.inputs:
        if Path(spec).is_dir() and Path(spec).resolve() in output.resolve().parents:
            raise OutputError(
                f"{output}: inside the input folder {spec}; write the page elsewhere "
                "(a file added to a dataset folder would be uploaded with it)"
            )
    columns = Columns(
        text=args.text_field, html=args.html_field, url=args.url_field, id=args.id_field
    )
    review = build_review(
        args.inputs, cleaner=make_cleaner(args), columns=columns, sample=args.sample,
        seed=args.seed, lang=args.lang,
    )
    page = render_page(review)
    try:
        with atomic_path(output) as tmp:
            tmp.write_text(page, encoding="utf-8")
            tmp.chmod(0o666 & ~_umask())  # a page to share: mkstemp's 0600 would hide it
    except OSError as error:
        raise OutputError(f"{output}: cannot write ({error.strerror or error})") from error
    if not args.quiet:
        print(
            f"cleaner: {len(review.documents)} of {review.stats.documents:,} documents "
            f"-> {output} ({len(page.encode('utf-8')):,} bytes)",
            file=sys.stderr,
        )
    return 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- learn


def add_learn(commands: Any) -> None:
    p = commands.add_parser(
        "learn", help="learn each site's template (lines repeated across its pages) from a corpus"
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="the same inputs `clean` reads")
    p.add_argument("-o", "--output", type=Path, required=True, help="the site model file to write (JSON)")
    p.add_argument("--text-field", default="text", help="field holding the text (default: text)")
    p.add_argument("--html-field", help="field holding HTML, segmented as HTML when present")
    p.add_argument("--url-field", default="url", help="field holding the URL (default: url)")
    p.add_argument("--split", default="train", help="split to read from a Hub dataset (default: train)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary")
    add_learn_options(p)
    p.set_defaults(func=run_learn)


def add_learn_options(parser: argparse.ArgumentParser) -> None:
    from .corpus import SOURCE_MODES, LearnSettings

    default = LearnSettings()
    group = parser.add_argument_group("learning site templates (see README)")
    group.add_argument("--by", choices=SOURCE_MODES, default=default.by, help="what a site is (default: host)")
    group.add_argument("--min-docs", type=int, default=default.min_docs, help="documents a site needs")
    group.add_argument("--min-df", type=int, default=default.min_df, help="documents a template line needs")
    group.add_argument(
        "--min-share", type=float, default=default.min_share, help="share of a site's documents, sentences"
    )
    group.add_argument(
        "--min-share-line", type=float, default=default.min_share_line, help="... label-like lines"
    )
    group.add_argument("--max-words", type=int, default=default.max_words, help="longer blocks are prose")


def run_learn(args: argparse.Namespace) -> int:
    columns = Columns(text=args.text_field, html=args.html_field, url=args.url_field)
    model, seen = learn_from_inputs(args.inputs, columns=columns, split=args.split, args=args)
    model.save(args.output)
    if not args.quiet:
        print(f"{seen.summary(model)} -> {args.output}", file=sys.stderr)
    return 0 if seen.documents else 1


def with_site_model(cleaner: Cleaner, args: argparse.Namespace) -> Cleaner:
    """``--site-model FILE`` loads a model; ``--learn`` learns one from the inputs first."""
    from .corpus import SiteModel

    path, learn = getattr(args, "site_model", None), getattr(args, "learn", False)
    if path and learn:
        raise ConfigError("--site-model and --learn exclude each other: load a model or learn one")
    if path:
        return cleaner.replace(site_model=SiteModel.load(path))
    if not learn:
        return cleaner
    columns = Columns(text=args.text_field, html=args.html_field, url=args.url_field, id=args.id_field)
    model, seen = learn_from_inputs(args.inputs, columns=columns, split=args.split, args=args)
    if not args.quiet:
        print(f"cleaner: {seen.summary(model)}", file=sys.stderr)
    return cleaner.replace(site_model=model)


@dataclasses.dataclass
class _Seen:
    """What the learn pass read (unreadable records are reported by the clean pass too)."""

    documents: int = 0  # text and HTML records learned from
    unreadable: int = 0
    html: int = 0  # of the documents, HTML pages

    def summary(self, model: Any) -> str:
        pages = f" ({self.html} of them HTML)" if self.html else ""
        skipped = f"; {self.unreadable} unreadable" if self.unreadable else ""
        return (
            f"learned the templates of {len(model.sources)} sites ({len(model)} blocks) "
            f"from {self.documents} documents{pages}{skipped}"
        )


class _HtmlText(str):
    """A decoded HTML page among the learn pass's documents: ``_segment_record`` sees it is
    markup. A subclass of ``str``, so ``corpus.learn`` takes it as any document's text."""


def _segment_record(text: str) -> Any:
    """Segment a learn-pass document as the clean pass will: HTML pages with the HTML
    segmenter, so that the fingerprints learned are those of the blocks cleaned."""
    from .segment.html import segment_html
    from .segment.text import segment_text

    return segment_html(text) if isinstance(text, _HtmlText) else segment_text(text)


def learn_from_inputs(
    inputs: Sequence[str], *, columns: Columns, split: str, args: argparse.Namespace
) -> tuple[Any, _Seen]:
    """One pass over the inputs: ``corpus.learn`` on their (url, text) records."""
    from .corpus import LearnSettings, learn

    settings = LearnSettings(
        by=args.by, max_words=args.max_words, min_docs=args.min_docs, min_df=args.min_df,
        min_share=args.min_share, min_share_line=args.min_share_line,
    )
    seen = _Seen()

    def pairs() -> Iterator[tuple[str | None, str]]:
        for item in read_inputs(inputs, columns=columns, split=split):
            if isinstance(item, Skipped):
                continue  # not a document (a WARC request record, an image)
            if isinstance(item, Unreadable):
                seen.unreadable += 1
            elif item.html is not None:
                try:
                    page = _HtmlText(decode_html(item.html, name=item.origin, charset=item.charset) if isinstance(item.html, bytes) else item.html)
                except InputError:
                    seen.unreadable += 1  # reported again, with its reason, by the clean pass
                    continue
                seen.documents += 1
                seen.html += 1
                yield item.url, page
            elif item.text is not None:
                seen.documents += 1
                yield item.url, item.text

    return learn(pairs(), settings=settings, segment=_segment_record), seen


def _site_model_settings(cleaner: Cleaner) -> dict[str, str]:
    """A folder run's settings name the model (by hash), so a resume with another one fails."""
    if cleaner.site_model is None:
        return {}
    return {"site_model": hashlib.sha256(cleaner.site_model.to_json()).hexdigest()}


COMMANDS: tuple[Callable[[Any], None], ...] = (
    add_clean, add_explain, add_push, add_learn, add_review
)

if __name__ == "__main__":
    sys.exit(main())
