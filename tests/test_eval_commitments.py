"""`detente eval --commitments`: every commitment's life in a folder of reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.cli import main


@pytest.mark.slow
def test_eval_commitments_prints_every_life(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--commitments", "--rules-only"]) == 0
    out = capsys.readouterr().out
    assert "(13 articles, " in out and "events): 4 commitments" in out
    assert "status as of 2025-10-29: broken — suspended by RUS on 2025-10-20" in out
    assert "carried out: 2,412 bodies of 6,000 in 2 rounds" in out
    assert "deadline passed" in out and out.count("commitment c") == 4


@pytest.mark.slow
def test_eval_commitments_json_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--commitments", "--rules-only", "--as-of", "2025-06-12",
                 "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    statuses = sorted(c["commitment"]["status"] for c in found["commitments"])
    assert statuses == ["open", "partly kept", "partly kept", "partly kept"]


def test_eval_commitments_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         ) -> None:
    assert main(["eval", "--commitments", str(tmp_path / "nope")]) == 2
    assert "not a directory of reports" in capsys.readouterr().err
