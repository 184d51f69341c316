"""Where a `detente` command spends its time: read, split, gate, parse (per spaCy pipe),
components, decision layer, write.

    python bench/stages.py extract FILE.jsonl --format jsonl > /dev/null
    python bench/stages.py ingest FILE.jsonl --db /tmp/x.db

Runs the command in this process with a timer around each stage's functions and prints, on
stderr, each stage's own time (time in a stage's nested stages counts for those) and its
share of the whole process, start-up included. The timers cost a few microseconds a call,
so unlike cProfile they do not inflate pure-Python stages against spaCy's compiled ones.
Functions a stage table names but the code lacks are skipped, so the table can name the
layers of several versions. One worker only: worker processes are not instrumented.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

START = time.perf_counter()

# stage -> (module, attribute) whose calls it times; a missing one is skipped
STAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "read": (("detente.pipeline", "iter_articles"), ("detente.pipeline", "new_articles")),
    "split": (("detente.extract.pipeline", "split_sentences"),
              ("detente.extract.pipeline", "body_start"),
              ("detente.extract.pipeline", "without_dateline")),
    "gate": (("detente.extract.pipeline", "has_trigger"),
             ("detente.extract.pipeline", "is_subheading"),
             ("detente.extract.pipeline", "sentence_gate")),
    "extraction glue": (("detente.extract.pipeline", "Extractor.extract_many"),),
    "write": (("detente.output", "write_records"), ("detente.store", "Store.add_extractions")),
    "start-up: model and indexes": (("detente.extract.pipeline", "Extractor.__init__"),),
}
# modules whose every function and method is the decision layer (where they exist)
DECISION_MODULES = ("detente.extract.decision", "detente.extract.decision_features",
                    "detente.extract.mentions", "detente.extract.gate")


class StageClock:
    """Exclusive time per stage: the clock runs for the innermost stage entered."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.totals: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[str] = []
        self.mark = clock()

    def _switch(self) -> None:
        now = self.clock()
        self.totals[self.stack[-1] if self.stack else "other"] += now - self.mark
        self.mark = now

    def enter(self, stage: str) -> None:
        self._switch()
        self.stack.append(stage)
        self.calls[stage] += 1

    def leave(self) -> None:
        self._switch()
        self.stack.pop()

    def wrap(self, function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        """``function`` timed as ``stage``; a generator it returns is timed at each step."""
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(stage)
            try:
                result = function(*args, **kwargs)
            finally:
                self.leave()
            return self._steps(result, stage) if isinstance(result, Iterator) else result

        timed.__wrapped__ = function  # type: ignore[attr-defined]
        return timed

    def _steps(self, generator: Iterator[Any], stage: str) -> Iterator[Any]:
        while True:
            self.enter(stage)
            try:
                item = next(generator)
            except StopIteration:
                return
            finally:
                self.leave()
            yield item


def instrument(clock: StageClock) -> None:
    """Wrap every function the stage tables name, wherever a detente module refers to it."""
    for stage, targets in STAGES.items():
        for module_name, attribute in targets:
            _wrap_attribute(clock, module_name, attribute, stage)
    for module_name in DECISION_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name, value in vars(module).items():
            if getattr(value, "__module__", None) != module_name or name.startswith("__"):
                continue
            if inspect.isfunction(value):
                _wrap_attribute(clock, module_name, name, "decision layer")
            elif inspect.isclass(value):
                for method, function in vars(value).items():
                    if inspect.isfunction(function) and not method.startswith("__"):
                        _wrap_attribute(clock, module_name, f"{name}.{method}", "decision layer")
    _instrument_extractors(clock)


def _wrap_attribute(clock: StageClock, module_name: str, attribute: str, stage: str) -> None:
    try:
        owner: Any = importlib.import_module(module_name)
    except ImportError:
        return
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part, None)
    original = getattr(owner, name, None) if owner is not None else None
    if original is None:
        return
    timed = clock.wrap(original, stage)
    setattr(owner, name, timed)
    if not path:  # a function imported by name elsewhere: replace those references too
        for module in list(sys.modules.values()):
            namespace = getattr(module, "__dict__", {})
            if module.__name__.startswith("detente") and namespace.get(name) is original:
                namespace[name] = timed


def _instrument_extractors(clock: StageClock) -> None:
    """Each Extractor, once built: its spaCy tokenizer and pipes, and its rule components."""
    from detente.extract.pipeline import Extractor

    built = Extractor.__init__

    def init(extractor: Any, *args: Any, **kwargs: Any) -> None:
        built(extractor, *args, **kwargs)
        nlp = extractor.nlp
        if not hasattr(nlp, "_stage_timed"):
            nlp._stage_timed = True
            nlp.make_doc = clock.wrap(nlp.make_doc, "parse: tokenizer")
            # compiled pipes take no attributes: each is put behind a timed stand-in
            nlp._components = [(name, _TimedPipe(proc, clock.wrap(proc.pipe, f"parse: {name}")))
                               for name, proc in nlp._components]
        for component in extractor.components:
            kind = type(component)
            if not hasattr(kind, "_stage_timed"):
                kind._stage_timed = True
                kind.__call__ = clock.wrap(kind.__call__, "components")

    Extractor.__init__ = init  # type: ignore[method-assign,assignment]


class _TimedPipe:
    """A spaCy pipe whose ``pipe`` is timed; everything else is the pipe's own."""

    def __init__(self, proc: Any, timed_pipe: Callable[..., Any]) -> None:
        self._proc, self.pipe = proc, timed_pipe

    def __call__(self, doc: Any) -> Any:
        return self._proc(doc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._proc, name)


def report(clock: StageClock, total: float, imports: float, out: Any = sys.stderr) -> None:
    clock._switch()
    rows = dict(clock.totals)
    rows["other"] = rows.get("other", 0.0) - imports
    rows["start-up: imports"] = imports
    parse = sum(v for k, v in rows.items() if k.startswith("parse"))
    print(f"stages of the whole process ({total:.2f} s, one worker; own time per stage):",
          file=out)
    for stage, seconds in sorted(rows.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:32s} {seconds:7.2f} s  {100 * seconds / total:5.1f} %", file=out)
    print(f"  {'= parse, all pipes':32s} {parse:7.2f} s  {100 * parse / total:5.1f} %", file=out)


def main(argv: list[str]) -> int:
    clock = StageClock()
    import detente.extract.pipeline  # noqa: F401  (spaCy and the rules: start-up)
    import detente.output  # noqa: F401
    import detente.pipeline  # noqa: F401
    import detente.store  # noqa: F401
    from detente.cli import main as detente_main

    imports = time.perf_counter() - START
    instrument(clock)
    clock.totals.clear()
    clock.mark = START
    clock.totals["other"] = 0.0
    try:
        code = detente_main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    report(clock, time.perf_counter() - START, imports)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
