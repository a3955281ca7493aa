"""datatrove pipeline steps: clean documents, and learn site templates as a map-reduce.

Optional: ``pip install ".[datatrove]"`` in a checkout (or ``pip install datatrove orjson``). The core package never imports this module, and
this module imports datatrove only here, so ``import cleaner`` works without it.

- ``CleanDocuments`` cleans ``Document.text`` (plain text, or HTML with ``html=True`` when the
  ``Cleaner`` has ``clean_html``), puts title, author, removals, ... into ``Document.metadata``
  and drops documents left empty, counting each under ``dropped_<reason>`` in datatrove's stats.
- ``CountSites`` (one per task: write that shard's counts) and ``BuildSiteModel`` (one task:
  merge them and write the model) are ``corpus.count_shard`` and ``corpus.build_model`` as
  steps, so a Slurm array or a Ray cluster runs the learn pass before the clean pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from .cleaner import Cleaner
from .corpus import (
    LearnSettings,
    Segmenter,
    SiteCounts,
    SiteModel,
    build_model,
    count_shard,
    read_counts,
)
from .errors import CleanerError, ConfigError
from .export import features, result_row
from .model import CleanResult
from .segment.text import segment_text

# What the datatrove extra adds (setup.cfg), in a form that works outside a checkout too.
INSTALL_HINT = "pip install datatrove orjson (in a checkout: pip install '.[datatrove]')"

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.io import DataFileLike, DataFolderLike, get_datafolder, open_file
    from datatrove.pipeline.base import PipelineStep
except ImportError as error:  # pragma: no cover - exercised only without datatrove
    _MISSING: ImportError | None = error

    class PipelineStep:  # type: ignore[no-redef]
        """Stands in for datatrove's base class so that the import error is a clear one."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            raise DatatroveMissing(
                f"{type(self).__name__} needs datatrove: {INSTALL_HINT} ({_MISSING})"
            )

else:
    _MISSING = None

if TYPE_CHECKING:
    import pyarrow as pa

COUNTS_SUFFIX = ".counts"
DEFAULT_SETTINGS = LearnSettings()
# Metadata keys CleanDocuments writes: the dataset schema's columns besides id and text.
METADATA_KEYS = tuple(name for name in features(audit=True) if name not in ("id", "text"))


class DatatroveMissing(CleanerError, ImportError):
    """A datatrove step was built but datatrove is not installed."""


class CleanDocuments(PipelineStep):  # type: ignore[misc]
    """Clean each document; drop the ones with nothing left, counting why.

    Args:
        cleaner: the configured ``Cleaner`` (default: ``Cleaner()``).
        site_model: a ``SiteModel``, or the path of one (any datatrove/fsspec path), read when
            the step first runs, so a pipeline can be defined before the learn pass has run.
        html: the text is HTML: cleaned with ``Cleaner.clean_html``.
        url_key: the metadata key holding the document's URL.
        audit: keep the list of removals in ``metadata["removed"]``.
        exclusion_writer: a datatrove writer that receives the dropped documents.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        cleaner: Cleaner | None = None,
        *,
        site_model: SiteModel | str | None = None,
        html: bool = False,
        url_key: str = "url",
        audit: bool = True,
        exclusion_writer: Any = None,
    ) -> None:
        super().__init__()
        self.cleaner = cleaner or Cleaner()
        self.site_model = site_model
        self.html = html
        self.url_key = url_key
        self.audit = audit
        self.exclusion_writer = exclusion_writer

    def _configured(self) -> Cleaner:
        model = self.site_model
        if isinstance(model, str):
            with open_file(model, "rb") as stream:
                model = SiteModel.from_json(stream.read(), name=model)
        return self.cleaner if model is None else self.cleaner.replace(site_model=model)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        cleaner = self._configured()
        clean: Callable[..., CleanResult] = cleaner.clean_html if self.html else cleaner.clean_text
        with self.exclusion_writer or _nothing() as excluded:
            for document in data:
                self.stat_update("total")
                with self.track_time():
                    kept = self._clean(document, clean)
                if kept:
                    self.stat_update("forwarded")
                    self.update_doc_stats(document)
                    yield document
                else:
                    self.stat_update("dropped", f"dropped_{document.metadata['drop_reason']}")
                    if excluded is not None:
                        excluded.write(document, rank)

    def _clean(self, document: Document, clean: Callable[..., CleanResult]) -> bool:
        """Clean in place; False when the document is to be dropped (``drop_reason`` says why)."""
        url = document.metadata.get(self.url_key)
        try:
            result = clean(document.text, url=url)
        except CleanerError as error:
            document.metadata["drop_reason"] = "error"
            document.metadata["error"] = f"{document.id}: {error}"
            return False
        for removal in result.removals:
            self.stat_update(f"removed_{removal.reason.value}")
        given_date = document.metadata.get("date")  # a reader's, e.g. WarcReader's WARC-Date
        date = given_date if isinstance(given_date, str) else None
        metadata = result_metadata(result, id=document.id, url=url, audit=self.audit, date=date)
        document.metadata.update(metadata)
        if not result.text.strip():
            document.metadata["drop_reason"] = emptied_by(result)
            return False
        document.text = result.text
        return True


def result_metadata(
    result: CleanResult, *, id: str, url: str | None, audit: bool = True, date: str | None = None
) -> dict[str, Any]:
    """The metadata ``CleanDocuments`` stores: the row ``export.result_row`` makes, without
    ``id`` and ``text`` (the ``Document`` has those); ``date`` stays when the page gives none."""
    row = result_row(result, id=id, url=url, audit=audit, date=date)
    return {key: value for key, value in row.items() if key not in ("id", "text")}


def emptied_by(result: CleanResult) -> str:
    """Why nothing is left: the reason that removed the most characters; ``title_only`` when
    the one thing left became the title, ``empty_input`` when there was nothing to begin with.

    >>> from cleaner import Reason, Removal
    >>> emptied_by(CleanResult(text="", removals=(Removal(Reason.PROMO, "p", "Follow us", 0, 9, 1, 1, ""),)))
    'promo'
    >>> emptied_by(CleanResult(text="", title="Storm hits the coast")), emptied_by(CleanResult(text=""))
    ('title_only', 'empty_input')
    """
    removed: Counter[str] = Counter()
    for removal in result.removals:
        removed[removal.reason.value] += len(removal.text)
    if removed:
        return min(removed, key=lambda reason: (-removed[reason], reason))
    return "title_only" if result.title else "empty_input"


class CountSites(PipelineStep):  # type: ignore[misc]
    """The map of the learn pass: count this task's documents, write ``<rank>.counts``.

    Documents are consumed, not passed on: run it as the last step of the counting pipeline.
    ``segment`` is the text segmenter by default; for HTML documents give the segmenter the
    clean pass will use, so the blocks counted are the blocks the rule sees.
    """

    name = "🧮 count site blocks"
    type = "📊 - STATS"

    def __init__(
        self,
        output_folder: DataFolderLike,
        *,
        settings: LearnSettings = DEFAULT_SETTINGS,
        url_key: str = "url",
        segment: Segmenter = segment_text,
    ) -> None:
        super().__init__()
        self.segment = segment
        self.output_folder = get_datafolder(output_folder)
        self.settings = settings
        self.url_key = url_key

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        counts = count_shard(self._pairs(data), settings=self.settings, segment=self.segment)
        self.stat_update("distinct_pairs", value=counts.pairs, unit="task")
        with self.output_folder.open(f"{rank:05d}{COUNTS_SUFFIX}", "wb") as out:
            counts.write(out)
        yield from ()

    def _pairs(self, data: DocumentsPipeline) -> Iterator[tuple[str | None, str]]:
        for document in data or ():
            self.stat_update("documents")
            yield document.metadata.get(self.url_key), document.text


class BuildSiteModel(PipelineStep):  # type: ignore[misc]
    """The reduce of the learn pass: merge every ``*.counts`` of a folder, write the model.

    Run it with one task (other ranks do nothing). Counts are merged one shard at a time, so
    memory holds the running total and one shard.
    """

    name = "🧩 build site model"
    type = "📊 - STATS"

    def __init__(
        self,
        counts_folder: DataFolderLike,
        output_file: DataFileLike,
        *,
        settings: LearnSettings = DEFAULT_SETTINGS,
    ) -> None:
        super().__init__()
        self.counts_folder = get_datafolder(counts_folder)
        self.output_file = output_file
        self.settings = settings

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if rank != 0:
            return
        names = sorted(self.counts_folder.list_files(glob_pattern=f"*{COUNTS_SUFFIX}"))
        if not names:
            raise ConfigError(f"no *{COUNTS_SUFFIX} files in {self.counts_folder.path}: run CountSites first")
        total: SiteCounts | None = None
        for name in names:
            with self.counts_folder.open(name, "rb") as stream:
                shard = read_counts(stream.read(), name=name)
            total = shard if total is None else total.merge(shard)
        assert total is not None
        model = build_model(total, settings=self.settings)
        self.stat_update("sources_learned", value=len(model.sources), unit="model")
        self.stat_update("template_blocks", value=len(model), unit="model")
        with open_file(self.output_file, "wb") as out:
            out.write(model.to_json())
        yield from ()


def row_adapter(writer: Any, document: Document) -> dict[str, Any]:
    """A writer ``adapter`` giving one row of the dataset schema (``export.FEATURES``) per
    document: the row ``clean_dataset`` gives."""
    values = {**document.metadata, "id": document.id, "text": document.text}
    return {name: values.get(name) for name in features(audit="removed" in document.metadata)}


def parquet_schema(*, audit: bool = True) -> pa.Schema:
    """The Arrow schema of ``row_adapter``'s rows (pass it to ``ParquetWriter(schema=...)``)."""
    schema: pa.Schema = features(audit=audit).arrow_schema
    return schema


class _nothing:
    """``with`` target when there is no exclusion writer."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
