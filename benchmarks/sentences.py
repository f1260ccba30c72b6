"""English sentence splitting measured on real sentence-per-line text: glossalign's rules against pysbd.

Each source has one sentence a line. Runs of `group` consecutive sentences of one document are joined with
a space into a pseudo-paragraph, the splitter splits it again, and the sentence ends it finds are compared
with the real ones (the joins): precision, recall and F1 of the inner boundaries. Only lines that end like a
sentence (. ! ? with any closing quote or bracket) and start like one (a capital, a digit, a quote) are
used, since a title without a final period cannot be found by any splitter.

Sources: MAC-Test English (`mac-test/en/*.txt`, literary prose) and the UNPC dev set English
(`unpc-dev/UNv1.0.devset.en`, UN documents; documents from `UNv1.0.devset.ids`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError

_ENDS = re.compile(r"[.!?][\"'”’)\]]*$")
_STARTS = re.compile(r"^[\"“‘'(\[]?[A-Z0-9]")


@dataclass
class Score:
    source: str
    splitter: str
    paragraphs: int
    boundaries: int
    found: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.boundaries if self.boundaries else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _sentence_like(line: str) -> bool:
    return bool(_ENDS.search(line) and _STARTS.match(line))


def paragraphs(documents: Iterable[list[str]], group: int = 4) -> list[list[str]]:
    """Runs of `group` consecutive sentence-like lines of each document (shorter runs at the end kept if >1)."""
    out = []
    for lines in documents:
        run: list[str] = []
        for line in lines:
            line = " ".join(line.split())
            if not _sentence_like(line):
                if len(run) > 1:
                    out.append(run)
                run = []
                continue
            run.append(line)
            if len(run) == group:
                out.append(run)
                run = []
        if len(run) > 1:
            out.append(run)
    return out


def mac_test_documents(root: Path) -> list[list[str]]:
    return [p.read_text(encoding="utf-8").splitlines() for p in sorted((root / "en").glob("*.txt"))]


def unpc_documents(root: Path) -> list[list[str]]:
    lines = (root / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    ids = (root / "UNv1.0.devset.ids").read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[str]] = {}
    for line, meta in zip(lines, ids, strict=True):
        docs.setdefault(meta.split()[0], []).append(line)
    return list(docs.values())


def _ends(sentences: list[str], text: str) -> set[int]:
    """Character offsets in `text` where each sentence but the last ends."""
    ends, pos = set(), 0
    for s in sentences[:-1]:
        pos = text.index(s, pos) + len(s)
        ends.add(pos)
    return ends


def score(source: str, name: str, runs: list[list[str]], split: Callable[[str], list[str]]) -> Score:
    total = found = correct = 0
    for run in runs:
        text = " ".join(run)
        gold = _ends(run, text)
        pred = _ends([" ".join(s.split()) for s in split(text)], text)
        total += len(gold)
        found += len(pred)
        correct += len(gold & pred)
    return Score(source, name, len(runs), total, found, correct)


def splitters() -> dict[str, Callable[[str], list[str]]]:
    from ingest.sentences import split_sentences

    out: dict[str, Callable[[str], list[str]]] = {"glossalign rules": lambda t: split_sentences(t, "en")}
    try:
        import pysbd
    except ImportError:
        return out
    seg = pysbd.Segmenter(language="en", clean=False)
    out["pysbd"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    return out


def find_shared(path: str | Path | None = None) -> Path:
    """The benchmarks folder holding mac-test/ and unpc-dev/: `path`, else ../shared/benchmarks from the CWD
    or the repo root; InputError when neither has them."""
    rel = Path("..") / "shared" / "benchmarks"
    candidates = [Path(path)] if path is not None else [Path.cwd() / rel, Path(__file__).resolve().parents[1] / rel]
    for c in candidates:
        if (c / "mac-test" / "en").is_dir() and (c / "unpc-dev" / "UNv1.0.devset.en").is_file():
            return c.resolve()
    raise InputError(f"{candidates[0]}: needs mac-test/en and unpc-dev/; give the folder that holds them")


def run(shared: Path, group: int = 4) -> list[Score]:
    sources = {
        "MAC-Test en": mac_test_documents(shared / "mac-test"),
        "UNPC dev en": unpc_documents(shared / "unpc-dev"),
    }
    rows = []
    for source, docs in sources.items():
        runs = paragraphs(docs, group)
        for name, split in splitters().items():
            rows.append(score(source, name, runs, split))
    return rows
