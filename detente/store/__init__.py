"""Store: the SQLite record of articles, events and statistics, its queries and exports."""

from detente.store.db import Store
from detente.store.export import EXPORT_FORMATS, export_events
from detente.store.queries import EventFilter, query_events, query_statistics, summary

__all__ = [
    "EXPORT_FORMATS",
    "EventFilter",
    "Store",
    "export_events",
    "query_events",
    "query_statistics",
    "summary",
]
