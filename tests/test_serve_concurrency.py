"""The dashboard keeps answering while another process ingests into the same store."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
from test_serve_support import (  # noqa: F401  (fixtures)
    ARTICLES,
    DETENTE,
    LiveServer,
    served_db,
    writable_db,
)

from detente.serve import create_app

COPIES = 20
POLLED = ["/api/events?limit=5", "/", "/events?type=AGREE", "/api/timeline", "/statistics",
          "/api/articles?limit=3"]


def incoming(folder: Path) -> int:
    """COPIES variants of each fixture article (a numbered closing line makes each new)."""
    folder.mkdir()
    count = 0
    for source in sorted(ARTICLES.glob("*.md")):
        for number in range(COPIES):
            text = source.read_text("utf-8") + f"\nFollow-up report number {number}.\n"
            (folder / f"{source.stem}-{number:02d}.md").write_text(text, "utf-8")
            count += 1
    return count


def articles(client: httpx.Client) -> int:
    return int(client.get("/api").json()["overview"]["articles"])


def test_serve_pages_keep_working_while_another_process_ingests(
    writable_db: Path, tmp_path: Path,  # noqa: F811
) -> None:
    added = incoming(tmp_path / "incoming")
    failures: list[str] = []
    polls_while_writing = 0
    with LiveServer(create_app(writable_db)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        before = articles(client)
        writer = subprocess.Popen(
            [str(DETENTE), "ingest", str(tmp_path / "incoming"), "--db", str(writable_db),
             "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            while writer.poll() is None:
                for path in POLLED:
                    response = client.get(path)
                    polls_while_writing += 1
                    if response.status_code != 200 or "locked" in response.text:
                        failures.append(f"{path}: {response.status_code} {response.text[:200]}")
            _, errors = writer.communicate(timeout=120)
        finally:
            if writer.poll() is None:
                writer.kill()
        assert writer.returncode == 0, errors
        after = articles(client)
    assert failures == []
    assert polls_while_writing >= len(POLLED)
    assert after == before + added
