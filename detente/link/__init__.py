"""Link: one event across many reports (stories), and commitments tracked until kept or broken."""

from detente.link.api import (
    LinkError,
    LinkReport,
    StoryView,
    get_story,
    link_store,
    list_commitments,
    split,
)
from detente.link.commitment_api import CommitmentView, get_commitment
from detente.link.status import STATUSES, EvidenceItem, TrackedCommitment

__all__ = [
    "STATUSES",
    "CommitmentView",
    "EvidenceItem",
    "LinkError",
    "LinkReport",
    "StoryView",
    "TrackedCommitment",
    "get_commitment",
    "get_story",
    "link_store",
    "list_commitments",
    "split",
]
