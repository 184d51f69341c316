"""The resolve stage: actor mentions to coded actors, place names to gazetteer
entries, date expressions to ISO dates relative to the publication date."""

from detente.resolve.actors import ActorResolver
from detente.resolve.dates import parse_dateline, resolve_date
from detente.resolve.places import Gazetteer

__all__ = ["ActorResolver", "Gazetteer", "parse_dateline", "resolve_date"]
