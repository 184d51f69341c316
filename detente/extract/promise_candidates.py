"""Promises the decision layer leaves out: the rules' candidates of a sentence that the
commitment detector (``detente.link.promises``) accepts, when none of the events the layer
chose there makes a commitment.

The link stage can only find commitments in stored events, and the decision layer, tuned for
events, drops many promises ("would allocate $713m of military aid", "pledging to support the
army"). ``PromiseKeepingExtractor`` adds them back; ``detente eval --articles
--commitment-score --keep-promises`` measures it. The extractor's own ``decide`` can call
``promise_carriers`` the same way to make it the default.
"""

from __future__ import annotations

from datetime import date

from detente.extract.base import ArticleContext, Resources, SentenceUnit, register
from detente.extract.decision import Carrier
from detente.extract.event_components import Decide
from detente.extract.pipeline import DECIDE, DEFAULT_PIPELINE, Extractor, ParsedSentence, add_events
from detente.extract.sentences import Sentence
from detente.link.mentions import Mention
from detente.link.promises import PromiseJudge, default_judge
from detente.model import Actor, Event, Extraction

_COUNTRY_CODE_LENGTH = 3


def promise_carriers(parsed: ParsedSentence, chosen: list[Carrier],
                     judge: PromiseJudge) -> list[Carrier]:
    """The rules' surest promising candidate of the sentence, as a carrier, unless an event
    the layer chose there already makes a commitment (then nothing)."""
    day = parsed.article.date
    if any(judge(m) for c in chosen if (m := _mention(parsed, c, day)) is not None):
        return []
    taken = {id(c.draft) for c in chosen}
    best: tuple[float, Carrier] | None = None
    for draft in parsed.unit.drafts:
        if draft.suppressed or id(draft) in taken:
            continue
        carrier = Carrier(draft, draft.type, 0.0)
        m = _mention(parsed, carrier, day)
        strength = judge.strength(m) if m is not None else 0.0
        if strength >= judge.cut and (best is None or strength > best[0]):
            best = (strength, Carrier(draft, draft.type, min(strength, 1.0)))
    return [best[1]] if best is not None else []


def _mention(parsed: ParsedSentence, carrier: Carrier, day: date | None) -> Mention | None:
    scratch = Extraction(parsed.article)
    add_events(parsed, scratch, [carrier])
    return mention_of(scratch.events[0], day) if scratch.events else None


def mention_of(event: Event, article_date: date | None) -> Mention:
    """An event as the link stage would read it back from the store (what the detector sees)."""
    return Mention(
        event_id=event.id or "", article_id=event.article_id, article_date=article_date,
        type=event.type, modality=event.modality, evidence=event.evidence.text,
        evidence_start=event.evidence.start, mode=event.mode, trigger=event.trigger,
        sources=_codes(event.source), targets=_codes(event.target),
        content=event.content, persons=event.quantities.persons,
        per_side=event.quantities.per_side)


def _codes(actors: list[Actor]) -> tuple[str, ...]:
    codes: list[str] = []
    for actor in actors:
        if actor.code and actor.code not in codes:
            codes.append(actor.code)
    return tuple(codes)


@register("decide-keeping-promises", requires=("drafts", "draft.confidence", "counts"),
          assigns=("carriers",))
class DecideKeepingPromises(Decide):
    """``decide``, plus the rules' surest promise of a sentence where the decision layer
    chose no event that makes a commitment."""

    def __init__(self, resources: Resources, judge: PromiseJudge | None = None) -> None:
        super().__init__(resources)
        self.judge = judge or default_judge()

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        super().__call__(unit, article)
        if self.resources.decision is None:
            return  # the rules alone keep every candidate already
        parsed = ParsedSentence(article.article, _NO_SENTENCE, unit.context, unit)
        unit.carriers = unit.carriers + promise_carriers(parsed, unit.carriers, self.judge)


_NO_SENTENCE = Sentence(0, 0, "")  # add_events reads the unit's own evidence


class PromiseKeepingExtractor(Extractor):
    """The extractor with the decision layer, plus the promises it leaves out."""

    def __init__(self, *args: object, judge: PromiseJudge | None = None,
                 **kwargs: object) -> None:
        pipeline = [("decide-keeping-promises", {"judge": judge}) if name == DECIDE else name
                    for name in DEFAULT_PIPELINE]
        kwargs["pipeline"] = pipeline
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
