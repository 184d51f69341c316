"""Prebuilt indexes: loaded from a file that matches its sources, rebuilt when it does not."""

from __future__ import annotations

import pickle
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from detente.resolve import actors, places, prebuilt


@dataclass
class Table:
    """A tiny index: the lines of its source file."""

    rows: list[str] = field(default_factory=list)


class Builder:
    """Builds a Table from a source file and counts how often it did."""

    def __init__(self, source: Path) -> None:
        self.source, self.builds = source, 0

    def __call__(self) -> Table:
        self.builds += 1
        return Table(self.source.read_text().splitlines())

    def spec(self) -> prebuilt.IndexSpec:
        return prebuilt.IndexSpec("table", lambda: [self.source], self, (Table,))


@pytest.fixture
def builder(tmp_path: Path) -> Builder:
    source = tmp_path / "rows.txt"
    source.write_text("Kyiv\nKharkiv\n")
    return Builder(source)


def test_prebuilt_loads_the_saved_index_without_building(builder: Builder, tmp_path: Path):
    folder = tmp_path / "cache"
    first = prebuilt.load(builder.spec(), folder)
    second = prebuilt.load(builder.spec(), folder)
    assert builder.builds == 1
    assert first == second == Table(["Kyiv", "Kharkiv"])
    assert first is not second  # the second came from the file
    assert len(list(folder.glob("table-*.pickle"))) == 1


def test_prebuilt_rebuilds_when_a_source_changed(builder: Builder, tmp_path: Path):
    folder = tmp_path / "cache"
    prebuilt.load(builder.spec(), folder)
    builder.source.write_text("Kyiv\nKharkiv\nOdesa\n")
    assert prebuilt.load(builder.spec(), folder) == Table(["Kyiv", "Kharkiv", "Odesa"])
    assert builder.builds == 2
    # the new file is read from now on; the old one stays for a checkout that has the old
    # sources, and only the KEEP latest versions are kept
    assert len(list(folder.glob("table-*.pickle"))) == 2
    assert prebuilt.load(builder.spec(), folder).rows[-1] == "Odesa"
    assert builder.builds == 2
    for extra in range(prebuilt.KEEP + 2):
        builder.source.write_text(f"Kyiv\nversion {extra}\n")
        prebuilt.load(builder.spec(), folder)
    assert len(list(folder.glob("table-*.pickle"))) == prebuilt.KEEP


def test_prebuilt_digest_ignores_where_the_sources_are(tmp_path: Path):
    def spec_of(first: Path, second: Path) -> prebuilt.IndexSpec:
        return prebuilt.IndexSpec("table", lambda: [first, second], Table, (Table,))

    def write(folder: str, name: str, text: str) -> Path:
        path = tmp_path / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    # two checkouts whose folders sort the two files in opposite orders
    here = spec_of(write("z", "rows.txt", "Kyiv"), write("a", "extra.txt", "Odesa"))
    there = spec_of(write("a", "rows.txt", "Kyiv"), write("z", "extra.txt", "Odesa"))
    assert here.digest() == there.digest()
    write("a", "rows.txt", "Lviv")
    assert here.digest() != there.digest()


def test_prebuilt_refuses_a_file_whose_stored_digest_differs(builder: Builder, tmp_path: Path):
    folder = tmp_path / "cache"
    spec = builder.spec()
    digest = spec.digest()
    path = spec.file_in(folder, digest)
    folder.mkdir()
    # right name, wrong content: a file left by another version under a colliding name
    path.write_bytes(prebuilt.MAGIC + bytes(prebuilt.DIGEST_BYTES) + pickle.dumps(Table(["x"])))
    assert prebuilt.load(spec, folder) == Table(["Kyiv", "Kharkiv"])
    assert builder.builds == 1


class Payload:
    """Unpickling this would create a file: what a tampered index could do."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (Path(self.target),))


def test_prebuilt_never_unpickles_a_class_the_index_is_not_made_of(builder: Builder,
                                                                   tmp_path: Path):
    folder, marker = tmp_path / "cache", tmp_path / "ran"
    spec = builder.spec()
    digest = spec.digest()
    folder.mkdir()
    spec.file_in(folder, digest).write_bytes(
        prebuilt.MAGIC + digest + pickle.dumps(Payload(str(marker))))
    assert prebuilt.load(spec, folder) == Table(["Kyiv", "Kharkiv"])
    assert not marker.exists()
    assert builder.builds == 1


def test_prebuilt_write_reports_an_unwritable_folder(builder: Builder, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    spec = builder.spec()
    assert prebuilt.write(spec, blocker / "cache", spec.digest(), Table()) is None
    assert prebuilt.load(spec, blocker / "cache") == Table(["Kyiv", "Kharkiv"])


def test_prebuilt_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path):
    monkeypatch.setenv(prebuilt.CACHE_ENV, str(tmp_path / "mine"))
    assert prebuilt.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(prebuilt.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert prebuilt.cache_dir() == tmp_path / "xdg" / "detente"


@pytest.mark.parametrize("spec", [places.INDEX, actors.INDEX],
                         ids=lambda spec: spec.name)
def test_prebuilt_index_read_back_equals_the_one_built_from_sources(spec: prebuilt.IndexSpec,
                                                                     tmp_path: Path):
    built = spec.build()
    prebuilt.write(spec, tmp_path, spec.digest(), built)
    loaded = prebuilt.load(spec, tmp_path)
    assert type(loaded) is type(built)
    assert _comparable(loaded) == _comparable(built)


def _comparable(index: Any) -> dict[str, Any]:
    """An index's fields, arrays as bytes (a settlement without coordinates has NaN ones,
    and NaN equals nothing)."""
    return {name: value.tobytes() if isinstance(value, array) else value
            for name, value in vars(index).items()}


def test_prebuilt_sources_name_the_data_and_the_code(tmp_path: Path):
    names = {path.name for path in places.INDEX.sources()}
    assert {"places.py", "prebuilt.py", "places_added.csv", "places_extra.csv",
            "cities15000.json"} <= names
    assert all(path.exists() for path in places.INDEX.sources())
    assert {p.name for p in actors.INDEX.sources()} >= {"actors.yaml", "countries.csv"}
