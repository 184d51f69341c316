"""Shared helper for the link tests over fixture reports of our own. This module holds no
tests."""

from __future__ import annotations

from pathlib import Path

from detente.extract.options import ExtractOptions
from detente.link import link_store
from detente.pipeline import ingest_paths
from detente.store import Store


def linked_fixture_store(folder: Path, path: Path, at_least: int) -> Path:
    """Every report in ``folder`` (at least ``at_least``) ingested into a new store at
    ``path`` and linked. The rules' candidates are used: these tests follow what the link
    stage makes of what was extracted, not what the trained layer keeps."""
    report = ingest_paths([str(folder)], path, options=ExtractOptions(rules_only=True))
    assert report.added == len(list(folder.glob("*.txt"))) >= at_least
    with Store.open(path) as store:
        link_store(store)
    return path
