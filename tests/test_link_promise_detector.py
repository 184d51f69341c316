"""The trained commitment detector without the language model: what it takes for a promise
(own sentences, hand-built events), the rule it keeps and falls back to, its file, the clause
it gives as *what*, and the commitment scorer it is measured with."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.eval.commitment_score import (
    PredictedCommitment,
    predicted_by_article,
    score_commitments,
    what_f1,
)
from detente.link.commitments import find_commitments
from detente.link.mentions import Mention
from detente.link.promise_features import promise_features
from detente.link.promise_model import PromiseModel, default_model
from detente.link.promises import (
    RULE,
    PromiseJudge,
    clause_of,
    default_judge,
    rule_promise,
    stated_what,
)
from detente.link.stories import LinkedStory

DAY = date(2025, 3, 3)


def _m(evidence: str, trigger: str, kind: str = "AGREE", modality: str = "asserted",
       sources: tuple[str, ...] = (), event_id: str = "e1", article_id: str = "a1",
       start: int = 0, content: str | None = None, targets: tuple[str, ...] = ()) -> Mention:
    return Mention(event_id, article_id, DAY, kind, modality, evidence, start, trigger=trigger,
                   sources=sources, targets=targets, content=content)


PLEDGE = _m("Norway pledged to send 40 armoured ambulances to Ukraine by the spring, its "
            "defence minister said.", "pledged", sources=("NOR", "UKR"))
PROMISED_WOULD = _m("Finland promised it would deliver two more air defence batteries to Kyiv "
                    "this year.", "promised", sources=("FIN",), targets=("UKR",))
THREAT = _m("Moscow warned it would strike the bridges if the missiles arrived.", "warned",
            kind="THREATEN", sources=("RUS",))
PAST_DEAL = _m("The accord brokered in Ankara two years ago collapsed within weeks.", "accord")
STRIKE = _m("Drones hit a fuel depot near the harbour overnight, the governor said.", "hit",
            kind="ASSAULT")
ENDING = _m("Russia suspended its part in the grain agreement on Monday, the ministry said, "
            "to protest the strikes.", "agreement", sources=("RUS",))


def test_link_promise_detector_ships_with_the_package() -> None:
    model = default_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    assert model.info["split"] == "sha256(id) % 5 == 0 is dev" and model.info["positives"] > 50
    assert default_judge().model is model


def test_link_promise_detector_takes_pledges_not_threats_forecasts_or_past_deals() -> None:
    judge = default_judge()
    assert judge(PLEDGE) and judge(PROMISED_WOULD)
    for other in (THREAT, PAST_DEAL, STRIKE, ENDING):
        assert not judge(other), other.evidence
        assert judge.strength(other) < judge.strength(PROMISED_WOULD)


def test_link_promise_detector_finds_what_the_rule_misses_and_keeps_what_it_takes() -> None:
    assert not rule_promise(PROMISED_WOULD) and default_judge()(PROMISED_WOULD)
    assert rule_promise(PLEDGE) and default_judge().strength(PLEDGE) > 1.0  # the rule's own
    model = default_model()
    assert model is not None
    alone = PromiseJudge(model, threshold=0.99, keep_rule=False)
    assert not alone(PLEDGE) and PromiseJudge(model, threshold=0.99)(PLEDGE)


def test_link_promise_detector_never_takes_an_ending_or_an_extension() -> None:
    model = default_model()
    assert model is not None and model.probability(ENDING) > 0.0
    anything = PromiseJudge(model, threshold=1e-9, keep_rule=False)
    assert anything(STRIKE) and not anything(ENDING)
    extension = _m("They agreed to extend the corridor deal by 90 days.", "agreed",
                   content="to extend the corridor deal by 90 days")
    assert not anything(extension) and not RULE(extension)


def test_link_promise_rule_is_the_fallback_without_a_model() -> None:
    for m in (PLEDGE, PROMISED_WOULD, THREAT, PAST_DEAL, STRIKE, ENDING):
        assert RULE(m) is rule_promise(m)
        assert PromiseJudge(None)(m) is rule_promise(m)


def test_link_promise_model_file_round_trip(tmp_path: Path) -> None:
    model = default_model()
    assert model is not None
    path = tmp_path / "promises.npz"
    model.save(path)
    again = PromiseModel.load(path)
    assert again.threshold == model.threshold and again.info == model.info
    for m in (PLEDGE, THREAT, ENDING):
        assert again.probability(m) == pytest.approx(model.probability(m), abs=1e-6)


def test_link_promise_features_read_cues_near_the_trigger() -> None:
    features = promise_features(PROMISED_WOULD)
    assert {"t:AGREE", "mod:asserted", "cue:promise", "near:will-give", "trig:promised"} <= \
        features
    assert "cue:threat" in promise_features(THREAT) and "cue:if" in promise_features(THREAT)
    assert "cue:past" in promise_features(PAST_DEAL) and "rule" in promise_features(PLEDGE)


@pytest.mark.parametrize(("text", "trigger", "clause"), [
    ("Finland promised it would deliver two more air defence batteries to Kyiv this year, "
     "officials said.", "promised", "deliver two more air defence batteries to Kyiv this year"),
    ("The mayor pledged fresh water and generators for every shelter.", "pledged",
     "fresh water and generators for every shelter"),
    ("Chile is ready to host talks in Santiago; the date is open.", "ready",
     "host talks in Santiago"),
    ("Drones hit a fuel depot near the harbour overnight.", "hit", None),
    ('The minister said Oslo "will send 40 ambulances to Kharkiv," his aide added.', "send",
     "send 40 ambulances to Kharkiv"),
])
def test_link_promise_clause_after_the_opener(text: str, trigger: str, clause: str | None,
                                              ) -> None:
    assert clause_of(text, trigger) == clause


def test_link_promise_what_keeps_a_promised_not() -> None:
    m = _m("The envoy promised not to close the border crossing.", "promised",
           content="to close the border crossing")
    assert stated_what(m) == "not to close the border crossing"


def test_link_promise_detected_commitment_has_parties_and_a_readable_what() -> None:
    found = find_commitments([LinkedStory("s1", [PROMISED_WOULD]), LinkedStory("s2", [THREAT])])
    assert len(found) == 1
    c = found[0]
    assert c.parties == ["FIN", "UKR"] and c.bound == ["FIN"]
    assert c.what == "deliver two more air defence batteries to Kyiv this year"
    assert find_commitments([LinkedStory("s1", [PROMISED_WOULD])], RULE) == []


def test_eval_commitment_score_matches_one_to_one_by_overlap() -> None:
    text = "Oslo pledged 40 ambulances. It also promised 12 trucks. Fighting went on."
    record = {"id": "a1", "text": text, "commitments": [
        {"parties": ["NOR"], "what": "send 40 ambulances", "quantity": 40,
         "evidence": "pledged 40 ambulances"},
        {"parties": ["NOR"], "what": "send 12 trucks", "quantity": None,
         "evidence": "promised 12 trucks"}]}
    both = PredictedCommitment("a1", ((0, 27), (28, 55)), ("NOR",), "40 ambulances", 40)
    stray = PredictedCommitment("a1", ((56, 73),), ("RUS",), "fighting")
    score = score_commitments([record], {"a1": [both, stray]})
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)  # one prediction matches one promise
    data = score.to_dict()
    assert data["precision"] == 0.5 and data["recall"] == 0.5 and data["parties_same"] == 1.0
    assert data["quantity_exact"] == 1.0 and data["what_match"] == 1.0
    split = [PredictedCommitment("a1", ((0, 27),), ("NOR", "UKR"), "ambulances"),
             PredictedCommitment("a1", ((28, 55),), ("NOR",), "twelve lorries")]
    score = score_commitments([record], {"a1": split})
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)
    assert score.to_dict()["parties_same"] == 0.5 and score.to_dict()["parties_shared"] == 1.0
    assert what_f1("send 12 trucks", "twelve lorries") == 0.0
    assert what_f1("deliver 40 ambulances", "send 40 ambulances") == 0.5


def test_eval_commitment_score_reads_each_article_a_commitment_was_made_in() -> None:
    first = _m(PROMISED_WOULD.evidence, "promised", sources=("FIN", "UKR"), event_id="e1",
               article_id="a1", start=10)
    again = _m("Finland has promised it will deliver two more air defence batteries to Kyiv "
               "this year.", "promised", sources=("FIN", "UKR"), event_id="e2",
               article_id="a2", start=40)
    found = find_commitments([LinkedStory("s1", [first, again])])
    assert len(found) == 1
    by_article = predicted_by_article(found, {m.event_id: m for m in (first, again)})
    assert set(by_article) == {"a1", "a2"}
    assert by_article["a2"][0].spans == ((40, 40 + len(again.evidence)),)
