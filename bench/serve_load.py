"""Serve load: many readers on one `detente serve`, with and without an ingest writing meanwhile.

    python bench/serve_load.py [CORPUS_DIR] [--clients 1,8,32] [--requests N] [--duration S]
                               [--workers W] [--slots K] [--no-ingest] [--no-revalidate]
                               [--store PATH] [--limit N]

Builds a store from ../shared/corpus/articles (the samples/ folder when it is absent): every
article but a held-back few is ingested and linked (``--store PATH`` keeps it for the next run).
Starts `detente serve` on 127.0.0.1 as a subprocess (W worker processes, default 2) and runs a
bounded mix of requests at each number of concurrent clients: N requests or S seconds,
whichever ends first, on loopback only. Each client is one browser: a keep-alive connection,
requests one after another, chosen at random from the mix (API lists, filters, search, single
events and articles, commitments, statistics, tolls, timeline, dashboard pages), and
If-None-Match sent for a URL it has already fetched, as a browser does (``--no-revalidate``:
never). The phases run one after another on the same server, so its caches carry over
(``--cold``: a new server for each phase).

Then the same again while `detente ingest` runs into the same store, one run after another,
each adding a few new articles (numbered variants of held-back ones) in one commit; during
those phases the clients also ask for the incoming articles, and every answer is checked
afterwards against the finished store: an article seen with fewer events than it has is a
torn read.

Prints, per phase, requests/s, p50/p95/p99 latency, 304s, the errors (>= 500, client timeouts
or refused connections) per endpoint and in total, and the CPU time per request of the server
processes and of this load generator (which shares the machine); then one table of all phases
side by side with the targets of issue #18 and its measurement before the change.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
SAMPLES = ROOT / "samples"
DETENTE = Path(sys.executable).parent / "detente"
CLIENT_TIMEOUT_S = 30.0
HELD_BACK = 12  # corpus articles kept out of the store; their variants are the incoming news
INCOMING_COPIES = 6
ARTICLES_PER_INGEST = 4
SEARCH_WORDS = ["ceasefire", "talks", "grain", "prisoners", "sanctions", "drone", "Kharkiv",
                "Zelensky", "negotiations", "humanitarian", "corridor", "missile"]
TARGET = {"clients": 32, "rps": 150.0, "p95_ms": 500.0}
BEFORE = "issue #18, before: 32 clients, 27 req/s, p50 976 ms, p95 2.3 s, 19% 503"


def main() -> int:
    if sys.argv[1:2] == ["--write-into"]:
        return write_into(Path(sys.argv[2]), Path(sys.argv[3]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=None,
                        help=f"folder of articles (default: {DEFAULT_CORPUS}, else samples/)")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients per phase")
    parser.add_argument("--requests", type=int, default=3000, help="requests per phase")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase, at most")
    parser.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    parser.add_argument("--slots", type=int, default=None, help="server --slots (default: cores)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--no-ingest", action="store_true", help="skip the phases with an ingest")
    parser.add_argument("--cold", action="store_true",
                        help="a new server for every phase (no cache carried over)")
    parser.add_argument("--no-revalidate", action="store_true",
                        help="clients never send If-None-Match (every answer is a full one)")
    parser.add_argument("--store", type=Path, default=None, metavar="PATH",
                        help="keep the built store here and reuse it next time (copied first)")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    corpus = Path(args.corpus) if args.corpus else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"note: corpus not found at {corpus}; using {SAMPLES}")
        corpus = SAMPLES
    files = sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith("."))
    files = files[: args.limit] if args.limit else files
    if len(files) < 4:
        print(f"skip: too few articles in {corpus}")
        return 0
    counts = [int(n) for n in args.clients.split(",") if n.strip()]
    with tempfile.TemporaryDirectory(prefix="serve-load-") as tmp:
        return run(Path(tmp), files, counts, args)


def run(tmp: Path, files: list[Path], counts: list[int], args: argparse.Namespace) -> int:
    held = max(1, min(HELD_BACK, len(files) // 5))
    stored, held_back = files[:-held], files[-held:]
    db = tmp / "load.db"
    started = time.perf_counter()
    if args.store is None or not args.store.exists():
        detente("ingest", *map(str, stored), "--db", str(db), "--quiet", "--workers", "2")
        detente("link", "--db", str(db))
        if args.store is not None:
            shutil.copyfile(db, args.store)
    else:
        from detente.store import Store

        shutil.copyfile(args.store, db)
        Store.open(db).close()  # migrates a store kept by an older version
    store = describe_store(db)
    print(f"clients {'send' if not args.no_revalidate else 'never send'} If-None-Match "
          "for URLs they fetched before; "
          + ("a new server for each phase" if args.cold else "one server for all phases"))
    print(f"store: {store.articles} articles, {store.events} events, {store.commitments} "
          f"commitments from {stored[0].parent} ({time.perf_counter() - started:.0f} s to "
          f"build or copy); {os.cpu_count()} cores; server: {args.workers} worker(s), "
          f"slots {args.slots or 'default'}")
    phases: list[Phase] = []
    rng = random.Random(args.seed)
    server = Server(db, args.workers, args.slots).__enter__()
    try:
        for ingest in ([False] if args.no_ingest else [False, True]):
            for clients in counts:
                if args.cold and phases:
                    server.__exit__()
                    server = Server(db, args.workers, args.slots).__enter__()
                phases.append(run_phase(server, tmp, db, store, rng, clients, ingest,
                                        held_back, len(phases), args))
    finally:
        server.__exit__()
    summary(phases)
    return 0


def run_phase(server: Server, tmp: Path, db: Path, store: StoreFacts, rng: random.Random,
              clients: int, ingest: bool, held_back: list[Path], number: int,
              args: argparse.Namespace) -> Phase:
    incoming = make_incoming(tmp / f"incoming-{number}", held_back, number) if ingest else {}
    mix = Mix(store, rng, sorted(incoming.values()))
    phase = Phase(clients, ingest)
    writer = Ingests(db, tmp / f"incoming-{number}") if ingest else None
    if writer is not None:
        writer.wait_for_first_commit()
    cpu_before = server.cpu_seconds(), time.process_time()
    asyncio.run(load(server.url, mix, phase, args.requests, args.duration,
                     not args.no_revalidate))
    phase.server_cpu = server.cpu_seconds() - cpu_before[0]
    phase.client_cpu = time.process_time() - cpu_before[1]
    if writer is not None:
        writer.finish(phase, incoming)
    phase.report()
    return phase


@dataclass
class StoreFacts:
    """What the mix draws its URLs from."""

    articles: int
    events: int
    commitments: int
    event_ids: list[str]
    article_ids: list[str]
    actors: list[str]
    places: list[str]
    types: list[str]
    dates: list[str]


def describe_store(db: Path) -> StoreFacts:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        def column(sql: str) -> list[str]:
            return [str(row[0]) for row in conn.execute(sql) if row[0] is not None]

        return StoreFacts(
            articles=int(conn.execute("SELECT count(*) FROM articles").fetchone()[0]),
            events=int(conn.execute("SELECT count(*) FROM events").fetchone()[0]),
            commitments=int(conn.execute("SELECT count(*) FROM commitments").fetchone()[0]),
            event_ids=column("SELECT id FROM events"),
            article_ids=column("SELECT id FROM articles"),
            actors=column("SELECT code FROM event_actors WHERE code IS NOT NULL "
                          "GROUP BY code ORDER BY count(*) DESC LIMIT 30"),
            places=column("SELECT location_name FROM events WHERE location_name IS NOT NULL "
                          "GROUP BY location_name ORDER BY count(*) DESC LIMIT 30"),
            types=column("SELECT DISTINCT type FROM events"),
            dates=column("SELECT DISTINCT substr(date, 1, 10) FROM articles "
                         "WHERE date IS NOT NULL ORDER BY 1"),
        )
    finally:
        conn.close()


class Mix:
    """Weighted endpoints, each a function drawing one URL."""

    def __init__(self, store: StoreFacts, rng: random.Random, incoming: list[str]) -> None:
        self.rng = rng
        pick = rng.choice
        events = store.event_ids or ["none"]
        articles = store.article_ids or ["none"]

        def page(size: int, total: int) -> int:
            return rng.randrange(0, max(1, min(total, 2000) // size)) * size

        def window() -> str:
            if len(store.dates) < 2:
                return "since=2020-01-01"
            first, last = sorted(rng.sample(store.dates, 2))
            return f"since={first}&until={last}"

        self.endpoints: list[tuple[str, float, Callable[[], str]]] = [
            ("api events", 8, lambda: f"/api/events?limit=50&offset={page(50, store.events)}"),
            ("api events filtered", 8, lambda: pick([
                f"/api/events?type={pick(store.types)}",
                f"/api/events?actor={quote(pick(store.actors or ['RUS']))}",
                f"/api/events?place={quote(pick(store.places or ['Kyiv']))}",
                f"/api/events?modality={pick(['asserted', 'negated', 'future'])}"
                f"&type={pick(store.types)}",
                f"/api/events?{window()}"])),
            ("api event", 8, lambda: f"/api/events/{pick(events)}"),
            ("api article", 4, lambda: f"/api/articles/{pick(articles)}"),
            ("api search", 5, lambda: f"/api/articles?q={quote(pick(SEARCH_WORDS))}"),
            ("api actors", 3, lambda: pick(["/api/actors", "/api/actors?role=target",
                                            f"/api/actors?q={pick(['rus', 'ukr', 'nato'])}"])),
            ("api places", 3, lambda: pick(["/api/places",
                                            f"/api/places?type={pick(store.types)}"])),
            ("api timeline", 4, lambda: pick(["/api/timeline", "/api/timeline?bucket=month",
                                              f"/api/timeline?type={pick(store.types)}"])),
            ("api tolls", 3, lambda: "/api/tolls"),
            ("api statistics", 3, lambda: "/api/statistics"),
            ("api commitments", 4, lambda: pick(["/api/commitments",
                                                 "/api/commitments?status=open",
                                                 "/api/commitments?status=kept"])),
            ("page home", 8, lambda: pick(["/", "/", f"/?type={pick(store.types)}"])),
            ("page events", 7, lambda: pick([
                "/events", f"/events?type={pick(store.types)}",
                f"/events?actor={quote(pick(store.actors or ['RUS']))}",
                f"/events?offset={page(50, store.events)}"])),
            ("page event", 8, lambda: f"/events/{pick(events)}"),
            ("page article", 4, lambda: f"/articles/{pick(articles)}"),
            ("page search", 3, lambda: f"/articles?q={quote(pick(SEARCH_WORDS))}"),
            ("page commitments", 3, lambda: "/commitments"),
            ("page statistics", 2, lambda: "/statistics"),
            ("page places", 2, lambda: "/places"),
            ("page actors", 2, lambda: "/actors"),
        ]
        if incoming:
            self.endpoints.append(
                ("incoming article", 6, lambda: f"/api/articles/{pick(incoming)}"))
        self.weights = [weight for _, weight, _ in self.endpoints]

    def draw(self) -> tuple[str, str]:
        name, _, url = self.rng.choices(self.endpoints, self.weights)[0]
        return name, url()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    not_modified: int = 0
    client_errors: int = 0
    server_errors: int = 0
    timeouts: int = 0


@dataclass
class Phase:
    clients: int
    ingest: bool
    seconds: float = 0.0
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    seen_events: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    notes: list[str] = field(default_factory=list)
    torn: int = 0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    @property
    def name(self) -> str:
        return f"{self.clients} client{'s' if self.clients > 1 else ''}" + (
            ", ingest running" if self.ingest else "")

    def total(self) -> Tally:
        whole = Tally()
        for tally in self.tallies.values():
            whole.latencies += tally.latencies
            whole.not_modified += tally.not_modified
            whole.client_errors += tally.client_errors
            whole.server_errors += tally.server_errors
            whole.timeouts += tally.timeouts
        return whole

    def requests(self) -> int:
        return len(self.total().latencies)

    def report(self) -> None:
        per_request = 1000 / max(self.requests(), 1)
        print(f"\n{self.name}: {self.requests()} requests in {self.seconds:.1f} s, "
              f"{self.requests() / max(self.seconds, 1e-9):.0f} req/s; CPU per request: "
              f"server {self.server_cpu * per_request:.1f} ms, "
              f"this load generator {self.client_cpu * per_request:.1f} ms")
        for note in self.notes:
            print(f"  {note}")
        print(f"  {'endpoint':<20} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
              f"{'304':>5} {'4xx':>4} {'>=500':>5} {'timeout':>7}")
        for name in sorted(self.tallies):
            print("  " + row(name, self.tallies[name]))
        print("  " + row("all", self.total()))


def row(name: str, tally: Tally) -> str:
    p50, p95, p99 = percentiles(tally.latencies)
    return (f"{name:<20} {len(tally.latencies):>5} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f} "
            f"{tally.not_modified:>5} {tally.client_errors:>4} {tally.server_errors:>5} "
            f"{tally.timeouts:>7}")


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return (values[0] * 1000,) * 3 if values else (0.0, 0.0, 0.0)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


async def load(url: str, mix: Mix, phase: Phase, requests: int, duration: float,
               revalidate: bool) -> None:
    """``phase.clients`` browsers sharing a budget of ``requests`` and ``duration`` seconds."""
    budget = [requests]
    deadline = time.perf_counter() + duration
    started = time.perf_counter()
    await asyncio.gather(*(browser(url, mix, phase, budget, deadline, revalidate)
                           for _ in range(phase.clients)))
    phase.seconds = time.perf_counter() - started


async def browser(url: str, mix: Mix, phase: Phase, budget: list[int], deadline: float,
                  revalidate: bool) -> None:
    etags: dict[str, str] = {}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=url, timeout=CLIENT_TIMEOUT_S, limits=limits) as client:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            name, path = mix.draw()
            tally = phase.tallies[name]
            headers = {"If-None-Match": etags[path]} if path in etags else {}
            sent = time.perf_counter()
            try:
                response = await client.get(path, headers=headers)
            except (httpx.TimeoutException, httpx.TransportError):
                tally.timeouts += 1
                tally.latencies.append(time.perf_counter() - sent)
                continue
            tally.latencies.append(time.perf_counter() - sent)
            status = response.status_code
            if status == 304:
                tally.not_modified += 1
            elif status >= 500:
                tally.server_errors += 1
            elif status >= 400:
                tally.client_errors += int(name != "incoming article" or status != 404)
            elif "etag" in response.headers and revalidate:
                etags[path] = response.headers["etag"]
            if name == "incoming article" and status == 200:
                body = response.json()
                phase.seen_events[body["id"]].add(len(body["events"]))


class Server:
    """``detente serve`` in a subprocess on a free loopback port."""

    def __init__(self, db: Path, workers: int, slots: int | None) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [str(DETENTE), "serve", "--db", str(db), "--host", "127.0.0.1",
                        "--port", str(self.port), "--workers", str(workers)]
        if slots:
            self.command += ["--slots", str(slots)]
        env = {k: v for k, v in os.environ.items() if k != "DETENTE_TOKEN"}
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, env=env)

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.process.stderr.read()}")  # type: ignore[union-attr]
            try:
                if httpx.get(self.url + "/api", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.process.terminate()
        raise RuntimeError("the server did not answer within 60 s")

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server and its worker processes so far."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, parent = int(stat.parent.name), int(fields[1])
            if self.process.pid in (pid, parent):
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def detente(*args: str) -> None:
    result = subprocess.run([str(DETENTE), *args], capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"detente {args[0]} failed: {result.stderr.strip()[-500:]}")


def make_incoming(folder: Path, held_back: list[Path], phase: int) -> dict[str, str]:
    """Numbered variants of the held-back articles (each a new article), in folders of
    ARTICLES_PER_INGEST; their ids by file."""
    from detente.ingest.readers import iter_articles
    from detente.model import Article

    variants = [(source, number) for number in range(INCOMING_COPIES) for source in held_back]
    for index, (source, number) in enumerate(variants):
        part = folder / f"part-{index // ARTICLES_PER_INGEST:03d}"
        part.mkdir(parents=True, exist_ok=True)
        text = source.read_text("utf-8", errors="replace")
        variant = part / f"{source.stem}-{phase}-{number}{source.suffix}"
        variant.write_text(f"{text}\nFollow-up report {phase}.{number}.\n", "utf-8")
    return {item.path or "": item.id for item in iter_articles([str(folder)])
            if isinstance(item, Article)}


class Ingests:
    """A writer process ingesting one folder of new articles after another into the store,
    one commit each, as a newsroom's feed would, until told to stop or out of folders. It
    calls ``ingest_paths``, what `detente ingest` runs, with one Extractor kept across the
    folders, so commits come every few seconds instead of once per model load."""

    def __init__(self, db: Path, folder: Path) -> None:
        self.db = db
        self.stop_file = folder / "STOP"
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--write-into", str(db), str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.commits: list[str] = []

    def wait_for_first_commit(self) -> None:
        """Start the load once the writer is writing (not while it loads its model)."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if line:
            self.commits.append(line)

    def finish(self, phase: Phase, incoming: dict[str, str]) -> None:
        self.stop_file.touch()
        out, errors = self.process.communicate(timeout=900)
        commits = len(self.commits) + len(out.splitlines())
        conn = sqlite3.connect(f"{self.db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            final = {aid: int(conn.execute("SELECT count(*) FROM events WHERE article_id = ?",
                                           (aid,)).fetchone()[0]) for aid in incoming.values()}
        finally:
            conn.close()
        stored = sum(1 for count in final.values() if count) if final else 0
        phase.torn = sum(1 for aid, seen in phase.seen_events.items() if seen != {final[aid]})
        phase.notes.append(
            f"ingest: {commits} commits of {ARTICLES_PER_INGEST} new articles (the last may "
            f"have come after the load), exit {self.process.returncode}, {stored} articles "
            "with events stored; "
            f"{len(phase.seen_events)} new articles seen by the clients, "
            f"{phase.torn} of them with events missing (torn reads)")
        if self.process.returncode:
            phase.notes.append(f"ingest failed: {errors.strip()[-300:]}")


def write_into(db: Path, folder: Path) -> int:
    """The writer process: one ``ingest_paths`` per part folder, a line out per commit."""
    from detente.extract.pipeline import Extractor
    from detente.pipeline import ingest_paths

    extractor = Extractor()
    for part in sorted(p for p in folder.iterdir() if p.is_dir()):
        if (folder / "STOP").exists():
            break
        report = ingest_paths([str(part)], db, extractor=extractor)
        print(f"{part.name}: {report.added} added", flush=True)
    return 0


def summary(phases: list[Phase]) -> None:
    print(f"\n{'phase':<28} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'>=500':>6} {'timeout':>7} {'torn':>5}")
    for phase in phases:
        whole = phase.total()
        p50, p95, p99 = percentiles(whole.latencies)
        rate = phase.requests() / max(phase.seconds, 1e-9)
        torn = str(phase.torn) if phase.ingest else ""
        print(f"{phase.name:<28} {rate:>6.0f} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f} "
              f"{whole.server_errors:>6} {whole.timeouts:>7} {torn:>5}")
    print(f"target at {TARGET['clients']} clients: >= {TARGET['rps']:.0f} req/s, "
          f"p95 <= {TARGET['p95_ms']:.0f} ms, 0 responses >= 500, 0 timeouts "
          "(with an ingest: 0 errors, 0 torn)")
    print(BEFORE)
    for phase in phases:
        if phase.clients == TARGET["clients"]:
            whole = phase.total()
            rate = phase.requests() / max(phase.seconds, 1e-9)
            errors_ok = whole.server_errors == 0 and whole.timeouts == 0 and phase.torn == 0
            speed_ok = phase.ingest or (rate >= TARGET["rps"]
                                        and percentiles(whole.latencies)[1] <= TARGET["p95_ms"])
            verdict = "met" if errors_ok and speed_ok else "NOT met"
            print(f"{phase.name}: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
