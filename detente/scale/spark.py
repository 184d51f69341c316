"""Extraction on Spark: the same Extractor, run by each executor, then the same store.

1. The driver reads the inputs with the ordinary readers (Parquet files of records too),
   skips articles already stored, and stages the rest as Parquet, numbered in input order.
2. Spark runs ``extract_batch`` over them with ``mapInPandas``: each executor process builds
   one Extractor (``_Executor``) and feeds it the articles in the same 32-article batches a
   local ingest forms, so the parser sees the same sentence batches.
3. The results are written as Parquet: ``extractions/`` (one row per article) and ``events/``
   (one row per event, the fields of the ``detente extract`` JSON contract as columns and
   structs), and the driver streams both into the store through ``Store.add_extractions``.

Needs the ``spark`` extra (PySpark, pandas) and Java 17+.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from detente.errors import DetenteError, InputError
from detente.extract.options import ExtractOptions
from detente.extract.pipeline import ARTICLE_BATCH, Extractor
from detente.ingest import iter_articles
from detente.ingest.records import article_from_record
from detente.model import (
    Actor,
    Article,
    Claim,
    Event,
    EventDate,
    Evidence,
    Extraction,
    Place,
    Quantities,
    Statistic,
)
from detente.pipeline import IngestReport, new_articles, result_of, store_stream
from detente.store import Store

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["DEFAULT_MASTER", "extract_batch", "ingest_spark", "spark_session"]

DEFAULT_MASTER = "local[2]"
STAGE_ROWS = 512  # articles per Parquet row group when staging
ARTICLE_COLUMNS: tuple[str, ...] = (
    "ordinal", "id", "title", "text", "date", "source", "url", "path", "metadata",
)
_STAGE_SCHEMA = pa.schema(
    [("ordinal", pa.int64()), *((column, pa.string()) for column in ARTICLE_COLUMNS[1:])]
)
EXTRACTION_COLUMNS: tuple[str, ...] = (*ARTICLE_COLUMNS, "error", "events", "statistics")
EXTRACTION_DDL = (
    "ordinal long, id string, title string, text string, date string, source string, url string, "
    "path string, metadata string, error string, events array<string>, statistics array<string>"
)
_ACTOR = "struct<text:string, name:string, code:string, sector:string, implied:boolean>"
_CLAIM = "struct<text:string, code:string, sector:string>"
EVENT_DDL = (
    "id string, article_id string, type string, mode string, modality string, trigger string, "
    f"source array<{_ACTOR}>, target array<{_ACTOR}>, "
    "location struct<text:string, name:string, country:string, admin1:string, lat:double, "
    "lon:double, geonameid:long>, "
    "date struct<text:string, value:string, precision:string>, "
    "quantities struct<killed:long, injured:long, persons:long, per_side:boolean, "
    "qualifiers:map<string,string>, minimums:map<string,long>>, "
    f"claimed_by {_CLAIM}, confidence double, content string, "
    "evidence struct<text:string, start:long, end:long>, plover_type string, "
    "mentions array<struct<text:string, start:long, end:long>>"
)


def ingest_spark(
    paths: Sequence[str], db: str | Path, default_date: date | None = None,
    stdin: TextIO | BinaryIO | None = None, master: str | None = None,
    progress: Callable[[int], None] | None = None, work_dir: str | Path | None = None,
    options: ExtractOptions | None = None,
) -> IngestReport:
    """Like ``ingest_paths``, with extraction on Spark; the store ends up the same.

    ``master`` defaults to the one spark-submit was given, else ``local[2]``. ``work_dir``
    holds the staged articles and the Parquet results (kept when given; on a cluster it must
    be a directory the driver and every executor see); by default a temporary directory.
    Input errors are reported first, then articles whose extraction failed.
    """
    report = IngestReport()
    with _work_directory(work_dir) as work, Store.open(db) as store:
        items = _read_inputs(paths, default_date, stdin)
        staged = _stage(new_articles(items, store, report), work / "articles", report)
        if staged:
            with spark_session(master) as spark:
                run_extraction(spark, work, staged, options)
            extractions = (result_of(x) for x in load_extractions(work))
            store_stream(extractions, store, report, progress)
    return report


@contextmanager
def spark_session(master: str | None = None) -> Iterator[SparkSession]:
    """The active Spark session, or a new one (stopped on exit) on ``master``; a local
    master binds the loopback address only and runs without the web UI."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise DetenteError(
            "--engine spark needs PySpark: pip install -e '.[spark]' (and Java 17 or later)"
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise DetenteError("--engine spark needs Java 17 or later (no java on PATH, no JAVA_HOME)")
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # started by spark-submit
    master = master or (None if submitted else DEFAULT_MASTER)
    builder = (SparkSession.builder.appName("detente-ingest")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false"))
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.sql.shuffle.partitions", "4"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()


def run_extraction(spark: SparkSession, work: Path, count: int,
                   options: ExtractOptions | None = None) -> None:
    """Extract ``work``/articles into ``work``/extractions and ``work``/events (Parquet)."""
    from pyspark.sql import functions as F

    chunks = -(-count // ARTICLE_BATCH)
    partitions = max(1, min(chunks, 2 * spark.sparkContext.defaultParallelism))
    articles: DataFrame = spark.read.parquet(_uri(work / "articles"))
    chunked = articles.withColumn("chunk", F.floor(F.col("ordinal") / ARTICLE_BATCH))
    # whole 32-article chunks per partition, partitions in input order, rows in input order
    ordered = chunked.repartitionByRange(partitions, "chunk").sortWithinPartitions("ordinal")
    extracted = ordered.drop("chunk").mapInPandas(partial(extract_batch, options=options),
                                                  EXTRACTION_DDL)
    extracted.write.mode("overwrite").parquet(_uri(work / "extractions"))

    events = (
        spark.read.parquet(_uri(work / "extractions"))
        .select("ordinal", F.posexplode("events").alias("seq", "event"))
        .select("ordinal", "seq", F.from_json("event", EVENT_DDL).alias("e"))
        .select("ordinal", "seq", "e.*")
        .orderBy("ordinal", "seq")
    )
    events.write.mode("overwrite").parquet(_uri(work / "events"))


class _Executor:
    """The Extractor of this executor process: built on first use, reused by every task the
    process runs (Spark reuses Python workers)."""

    extractor: Extractor | None = None
    options: ExtractOptions | None = None

    @classmethod
    def get(cls, options: ExtractOptions | None = None) -> Extractor:
        if cls.extractor is None or cls.options != options:
            cls.extractor, cls.options = Extractor.from_options(options), options
        return cls.extractor


def extract_batch(frames: Iterable[pd.DataFrame], options: ExtractOptions | None = None,
                  ) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` function: staged article rows in, one extraction row per article out
    (schema ``EXTRACTION_DDL``). Rows arrive in input order; each 32-article chunk is
    extracted as one batch, exactly as a local ingest does."""
    import pandas as pd

    extractor = _Executor.get(options)
    rows = (row for frame in frames for row in frame.to_dict("records"))
    for _, chunk in groupby(rows, key=lambda row: int(row["ordinal"]) // ARTICLE_BATCH):
        records = list(chunk)
        results = extractor.extract_many(article_from_row(row) for row in records)
        out = [extraction_row(int(row["ordinal"]), extraction)
               for row, extraction in zip(records, results, strict=True)]
        yield pd.DataFrame(out, columns=EXTRACTION_COLUMNS)


def article_from_row(row: dict[str, Any]) -> Article:
    """An Article from a staged row (the inverse of ``article_row``)."""
    return Article(
        text=row["text"], id=row["id"], title=row["title"],
        date=date.fromisoformat(row["date"]) if row["date"] else None,
        source=row["source"], url=row["url"], path=row["path"],
        metadata=json.loads(row["metadata"]),
    )


def article_row(order: int, article: Article) -> dict[str, Any]:
    return {
        "ordinal": order, "id": article.id, "title": article.title, "text": article.text,
        "date": article.date.isoformat() if article.date else None, "source": article.source,
        "url": article.url, "path": article.path,
        "metadata": json.dumps(article.metadata, ensure_ascii=False, default=str),
    }


def extraction_row(order: int, extraction: Extraction) -> dict[str, Any]:
    return article_row(order, extraction.article) | {
        "error": extraction.error,
        "events": [event.to_json() for event in extraction.events],
        "statistics": [json.dumps(s.to_dict(), ensure_ascii=False) for s in extraction.statistics],
    }


def load_extractions(work: Path) -> Iterator[Extraction]:
    """The Extractions in ``work``/extractions and ``work``/events, in input order."""
    columns = [*ARTICLE_COLUMNS, "error", "statistics"]
    events = _Lookahead(_parquet_rows(work / "events"))
    for row in _parquet_rows(work / "extractions", columns):
        article = article_from_row(row)
        found: list[Event] = []
        while (following := events.peek()) is not None and following["ordinal"] == row["ordinal"]:
            found.append(event_from_record(events.next()))
        yield Extraction(
            article=article, events=found,
            statistics=[statistic_from_record(json.loads(s)) for s in row["statistics"]],
            error=row["error"],
        )
    if (left := events.peek()) is not None:
        raise DetenteError(f"{work}: events of article number {left['ordinal']} found "
                           "out of order in the Spark output")


def event_from_record(record: dict[str, Any]) -> Event:
    """An Event from its contract record (``Event.to_dict`` shape, as JSON or Parquet)."""
    place, when, claim = record["location"], record["date"], record["claimed_by"]
    quantities = dict(record["quantities"])
    quantities["qualifiers"] = dict(quantities.get("qualifiers") or {})
    quantities["minimums"] = dict(quantities.get("minimums") or {})
    return Event(
        id=record["id"], article_id=record["article_id"], type=record["type"],
        mode=record["mode"], modality=record["modality"], trigger=record["trigger"],
        source=[Actor(**actor) for actor in record["source"]],
        target=[Actor(**actor) for actor in record["target"]],
        location=Place(**place) if place else None,
        date=EventDate(**when) if when else None,
        quantities=Quantities(**quantities),
        claimed_by=Claim(**claim) if claim else None,
        confidence=record["confidence"], content=record["content"],
        evidence=Evidence(**record["evidence"]),
        mentions=[Evidence(**mention) for mention in record.get("mentions") or []],
    )


def statistic_from_record(record: dict[str, Any]) -> Statistic:
    claim = record["claimed_by"]
    return Statistic(
        id=record["id"], article_id=record["article_id"], kind=record["kind"],
        value=record["value"], qualifier=record["qualifier"], subject=record["subject"],
        evidence=Evidence(**record["evidence"]), claimed_by=Claim(**claim) if claim else None,
    )


def _read_inputs(paths: Sequence[str], default_date: date | None,
                 stdin: TextIO | BinaryIO | None) -> Iterator[Article | InputError]:
    """Articles from every input in order: ``.parquet`` files or folders of records (columns as
    in JSONL: text, id, title, date, source, url, others kept as metadata) through
    ``article_from_record``, everything else through the ordinary readers."""
    for given in paths:
        if given != "-" and Path(given).suffix.lower() == ".parquet":
            yield from _read_parquet(Path(given), default_date)
        else:
            yield from iter_articles([given], default_date=default_date, stdin=stdin)


def _read_parquet(path: Path, default_date: date | None) -> Iterator[Article | InputError]:
    if not path.exists():
        yield InputError(str(path), "no such file")
        return
    number = 0
    for file in _parquet_files(path):
        for batch in pq.ParquetFile(file).iter_batches(batch_size=STAGE_ROWS):
            for record in batch.to_pylist():
                number += 1
                yield article_from_record(record, f"{path}:{number}", default_date)


def _stage(items: Iterable[Article | InputError], folder: Path, report: IngestReport) -> int:
    """Write the articles to ``folder`` as Parquet, numbered in order; input errors go to
    ``report``. Streams: at most STAGE_ROWS articles are held at once."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    rows: list[dict[str, Any]] = []
    with pq.ParquetWriter(folder / "part-00000.parquet", _STAGE_SCHEMA) as writer:
        for item in items:
            if isinstance(item, InputError):
                report.rejected.append(item)
                continue
            rows.append(article_row(count, item))
            count += 1
            if len(rows) >= STAGE_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, _STAGE_SCHEMA))
                rows = []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, _STAGE_SCHEMA))
    return count


def _parquet_files(path: Path) -> list[Path]:
    """A Parquet file, or a folder's part files in name order (Spark numbers parts in order)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*.parquet") if not p.name.startswith((".", "_")))


def _parquet_rows(folder: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    last = -1
    for file in _parquet_files(folder):
        for batch in pq.ParquetFile(file).iter_batches(batch_size=256, columns=columns):
            for row in batch.to_pylist():
                if row["ordinal"] < last:
                    raise DetenteError(f"{folder}: Spark output is not in input order")
                last = row["ordinal"]
                yield row


class _Lookahead:
    """An iterator whose next item can be looked at without taking it."""

    _END: Any = object()

    def __init__(self, items: Iterator[dict[str, Any]]) -> None:
        self._items = items
        self._next = next(items, self._END)

    def peek(self) -> dict[str, Any] | None:
        return None if self._next is self._END else self._next

    def next(self) -> dict[str, Any]:
        item, self._next = self._next, next(self._items, self._END)
        return item


@contextmanager
def _work_directory(work_dir: str | Path | None) -> Iterator[Path]:
    if work_dir is not None:
        path = Path(work_dir)
        path.mkdir(parents=True, exist_ok=True)
        yield path.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="detente-spark-") as tmp:
        yield Path(tmp)


def _uri(path: Path) -> str:
    return path.resolve().as_uri()
