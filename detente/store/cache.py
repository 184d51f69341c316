"""Results of read-only queries kept until the store changes.

A query function decorated with ``@cached`` is computed once per store version and arguments
while a server read session is under way (``access.reading`` opens one); outside a session,
in the CLI or a library call, it simply runs. The store version is the change counter that
every commit raises (migration 008), read inside the session's own transaction, so a result
is always filed under the version of the snapshot it was computed from, and a commit by any
process, an ingest or a link, makes every older entry unreachable.

Entries are kept pickled: each hit hands out a fresh copy, so a caller that changes what it
got cannot change what the next request gets, and the cache's size in bytes is known.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Concatenate, ParamSpec, TypeVar

from detente.store import Store

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
StoreVersion = tuple[str, int]  # (store id, change counter)
P = ParamSpec("P")
R = TypeVar("R")


class ResultCache:
    """Pickled results of the newest store version seen, least recently used dropped first
    once they take more than ``max_bytes``. Thread-safe."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()
        self._size = 0
        self._version: StoreVersion | None = None
        self._lock = threading.Lock()

    def get(self, version: StoreVersion, key: bytes) -> bytes | None:
        with self._lock:
            found = self._entries.get(key) if self._current(version) else None
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, version: StoreVersion, key: bytes, value: bytes) -> None:
        if len(value) > self.max_bytes // 4:
            return
        with self._lock:
            if not self._current(version):
                return
            old = self._entries.pop(key, None)
            self._size += len(value) - (len(old) if old is not None else 0)
            self._entries[key] = value
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)

    def _current(self, version: StoreVersion) -> bool:
        """Whether ``version`` is the one the entries belong to; a newer one (or another
        store's) empties the cache, an older one, from a session that started before the
        last commit, is simply not served from or stored."""
        if version == self._version:
            return True
        older = (self._version is not None and version[0] == self._version[0]
                 and version[1] < self._version[1])
        if older:
            return False
        self._entries.clear()
        self._size = 0
        self._version = version
        return True


@dataclass
class Session:
    """The read session under way: its store, the version of its snapshot, the cache."""

    store: Store
    version: StoreVersion
    cache: ResultCache


@dataclass
class VersionsRead:
    """The store versions one request's sessions read (for its ETag)."""

    versions: list[StoreVersion] = field(default_factory=list)

    def oldest(self) -> StoreVersion | None:
        """The version to label the response with: if one request read two snapshots, the
        older label only costs a client a fresh download later, never a stale page."""
        if not self.versions or len({store_id for store_id, _ in self.versions}) > 1:
            return None
        return min(self.versions, key=lambda version: version[1])


SESSION: ContextVar[Session | None] = ContextVar("detente_read_session", default=None)
REQUEST_READS: ContextVar[VersionsRead | None] = ContextVar("detente_request_reads",
                                                            default=None)


def cached(fn: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Serve ``fn(store, ...)`` from the session's cache when the same arguments were asked
    of the same store version; the arguments must pickle (they are the key)."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(store: Store, *args: P.args, **kwargs: P.kwargs) -> R:
        session = SESSION.get()
        if session is None or session.store is not store:
            return fn(store, *args, **kwargs)
        try:
            key = hashlib.blake2b(pickle.dumps((name, args, sorted(kwargs.items())), 5),
                                  digest_size=20).digest()
        except (pickle.PicklingError, TypeError, AttributeError):
            return fn(store, *args, **kwargs)
        found = session.cache.get(session.version, key)
        if found is not None:
            result: R = pickle.loads(found)
            return result
        result = fn(store, *args, **kwargs)
        session.cache.put(session.version, key, pickle.dumps(result, 5))
        return result

    return wrapper
