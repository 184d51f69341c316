"""What ``detente watch`` follows: feed URLs and directories, from the command line or a TOML
sources file.

    # sources.toml
    interval = 900                    # seconds between polls
    host_delay = 2                    # seconds between two requests to one site
    user_agent = "Detente (newsroom of Example; ops@example.org)"

    [[feeds]]
    url = "https://example.org/world/rss.xml"
    source = "Example News"           # the outlet, stored with each article (optional)

    [[directories]]
    path = "inbox"                    # relative to this file

A mistake in the file (bad TOML, an unknown key, a value of the wrong type) is a usage error
naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.errors import DetenteError

_TOP_KEYS = {"interval": (int, float), "host_delay": (int, float), "timeout": (int, float),
             "retries": (int,), "user_agent": (str,), "feeds": (list,), "directories": (list,)}


class SourcesError(DetenteError):
    """A sources file or argument Detente cannot use (a usage error)."""


@dataclass(frozen=True)
class FeedSource:
    url: str
    source: str | None = None  # the outlet's name; else the page's, else the feed's title


@dataclass(frozen=True)
class DirectorySource:
    path: Path


@dataclass
class Sources:
    """Feeds and directories to follow, and the settings a sources file gives."""

    feeds: list[FeedSource] = field(default_factory=list)
    directories: list[DirectorySource] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)  # interval, host_delay, ...

    def add(self, other: Sources) -> None:
        self.feeds += [f for f in other.feeds if f not in self.feeds]
        self.directories += [d for d in other.directories if d not in self.directories]
        self.settings = other.settings | self.settings

    def __bool__(self) -> bool:
        return bool(self.feeds or self.directories)


def from_arguments(values: list[str]) -> Sources:
    """Command-line sources: http(s) URLs are feeds, anything else must be a directory."""
    sources = Sources()
    for value in values:
        if value.startswith(("http://", "https://")):
            sources.feeds.append(FeedSource(value))
        elif Path(value).is_dir():
            sources.directories.append(DirectorySource(Path(value)))
        else:
            raise SourcesError(f"{value}: not a feed URL (http:// or https://) or a directory")
    return sources


def load_sources(path: str | Path) -> Sources:
    """Read a TOML sources file; relative directories are taken from the file's folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourcesError(f"{path}: {exc.strerror or exc}".lower()) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: not valid TOML ({exc})") from None
    for key, value in data.items():
        kinds = _TOP_KEYS.get(key)
        if kinds is None:
            known = ", ".join(sorted(_TOP_KEYS))
            raise SourcesError(f"{path}: unknown key {key!r} (known: {known})")
        if not isinstance(value, kinds) or isinstance(value, bool):
            raise SourcesError(f"{path}: {key} must be a {_kind_name(kinds)}")
    feeds = [_feed(path, entry) for entry in data.get("feeds", [])]
    folders = [_directory(path, entry) for entry in data.get("directories", [])]
    settings = {k: v for k, v in data.items() if k not in ("feeds", "directories")}
    return Sources(feeds, folders, settings)


def _feed(path: Path, entry: object) -> FeedSource:
    table = _table(path, "feeds", entry, {"url", "source"})
    url = table.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise SourcesError(f"{path}: each [[feeds]] needs url = \"http(s)://...\"")
    source = table.get("source")
    if source is not None and not isinstance(source, str):
        raise SourcesError(f"{path}: source of {url} must be a string")
    return FeedSource(url, source)


def _directory(path: Path, entry: object) -> DirectorySource:
    table = _table(path, "directories", entry, {"path"})
    folder = table.get("path")
    if not isinstance(folder, str):
        raise SourcesError(f"{path}: each [[directories]] needs path = \"...\"")
    resolved = (path.parent / folder) if not Path(folder).is_absolute() else Path(folder)
    if not resolved.is_dir():
        raise SourcesError(f"{path}: {folder}: not a directory")
    return DirectorySource(resolved)


def _table(path: Path, name: str, entry: object, keys: set[str]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise SourcesError(f"{path}: {name} must be tables ([[{name}]])")
    unknown = sorted(set(entry) - keys)
    if unknown:
        raise SourcesError(f"{path}: unknown key {unknown[0]!r} in [[{name}]]")
    return entry


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {int: "number", float: "number", str: "string", list: "list of tables"}
    return " or ".join(dict.fromkeys(names[kind] for kind in kinds))
