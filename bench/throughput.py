"""Throughput: Detente end to end versus bare spaCy ``nlp.pipe`` on the same texts.

    python bench/throughput.py [CORPUS_DIR] [--repeat N]

Reads ../shared/corpus/articles (skips cleanly when it is absent), then in one
process times (1) the bare full spaCy pipeline over every article text and (2)
Detente's whole path: read files, extract, resolve, store in a fresh SQLite
file. Prints articles/s, words/s and the ratio Detente / spaCy (goal >= 1.0).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skip: corpus not found at {corpus}")
        return 0
    files = sorted(corpus.glob("*.txt"))[: args.limit]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    words = sum(len(t.split()) for t in texts)

    from detente.extract.pipeline import Extractor, load_nlp
    from detente.pipeline import ingest_paths

    nlp = load_nlp()
    extractor = Extractor(nlp)
    nlp("warm up the pipeline.")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    spacy_seconds = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = ingest_paths([str(f) for f in files], Path(tmp) / "bench.db", extractor=extractor)
        detente_seconds = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(files)} articles, {words} words ({corpus})")
    _line("bare spaCy nlp.pipe (full pipeline)", len(files), words, spacy_seconds)
    _line("Detente ingest (read+extract+store)", len(files), words, detente_seconds)
    print(f"ratio Detente/spaCy: {spacy_seconds / detente_seconds:.2f}x")
    print(f"events: {report.events}, statistics: {report.statistics}, "
          f"rejected: {len(report.rejected)}; peak RSS: {peak_mb:.0f} MB")
    return 0


def _line(label: str, articles: int, words: int, seconds: float) -> None:
    print(f"{label:40s} {seconds:7.2f} s  {articles / seconds:7.1f} articles/s  "
          f"{words / seconds:9.0f} words/s")


if __name__ == "__main__":
    sys.exit(main())
