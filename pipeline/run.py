"""The whole job in one call: documents in, paragraphs + aligned pairs + glossary + QA report out.

    run_workflow([Path("zh/")], [Path("en/")], Path("out/"))

1. find the documents (folders: every .txt/.docx/.pdf inside) and pair Chinese with English by UN symbol or
   file name (`pipeline.pairing`); without `en_inputs`, English documents among the inputs are recognised by
   their script and paired with the Chinese ones;
2. per document pair, in parallel and resumably (`pipeline.batch`): `<key>.zh.paragraphs.jsonl`, and with
   English `<key>.en.paragraphs.jsonl` and `<key>.aligned.{xlsx,tmx,tsv,jsonl,html}`;
3. glossary: extract terms from every Chinese document, English equivalents from the base glossary and the
   aligned pairs, merge into the store (`outdir/glossary.sqlite` unless `db`; human decisions kept), export
   `glossary.xlsx` (curation sheet), `glossary.csv`, `glossary.tbx` (TBX v3) and `glossary.v2.tbx` (TBX-Basic v2);
4. consistency check of all aligned pairs against the glossary: `qa.html`, `qa.xlsx`, `qa.json`
   (skipped, and said so, when no document has English).

Chinese-only input works: paragraphs and a glossary whose English comes from the base glossary only.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from align import DEFAULT_MODEL
from core.errors import GlossalignError, InputError
from pipeline.batch import PairTask, run_batch
from pipeline.pairing import Pairing, expand_inputs, pair_documents

# file name -> format: the curation sheet, CSV, TBX v3 and TBX-Basic v2 (OmegaT and translate-toolkit read only v2)
GLOSSARY_EXPORTS = {"glossary.xlsx": None, "glossary.csv": None, "glossary.tbx": "tbx", "glossary.v2.tbx": "tbx2"}
QA_REPORTS = ("qa.html", "qa.xlsx", "qa.json")


@dataclass
class DocumentRow:
    key: str
    zh: str
    en: str | None
    status: str  # "done" | "suspicious" (done, but its pairs are kept out of the glossary) | "skipped" | "failed"
    #              | "mismatched" (not translations of each other: not aligned)
    zh_paragraphs: int = 0
    pairs: int = 0
    mean_confidence: float | None = None
    suspicious: bool = False  # a sanity check failed (see warnings): status "suspicious"
    low_confidence: bool = False  # matched pairs average below batch.SUSPICIOUS_MEAN: marked "!"
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    layouts: dict = field(default_factory=dict)  # {"zh": {"layout", "reason"}, "en": {...}}
    mismatch: str = ""  # the evidence that zh and en are not translations of each other (not aligned)


@dataclass
class WorkflowSummary:
    outdir: Path
    documents: list[DocumentRow] = field(default_factory=list)
    pairing: Pairing | None = None
    glossary_db: Path | None = None
    glossary: dict = field(default_factory=dict)
    qa: dict = field(default_factory=dict)  # {"skipped": reason} or counts by severity
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        out = {"done": 0, "suspicious": 0, "skipped": 0, "failed": 0, "mismatched": 0}
        for d in self.documents:
            out[d.status] += 1
        return out


def default_inputs() -> list[Path]:
    """The seed documents: `./seeds` when the current folder has one, else the project's own `seeds/`."""
    for folder in (Path.cwd() / "seeds", Path(__file__).resolve().parent.parent / "seeds"):
        if folder.is_dir() and any(folder.glob("*.txt")):
            return [folder]
    raise InputError("no documents given and no seeds/ folder here or beside the project; name files or folders")


def split_by_language(files: list[Path]) -> tuple[list[Path], list[Path], dict[Path, str]]:
    """(Chinese files, English files, texts read) by the script of each text; unreadable files stay Chinese
    so that their own task reports why they cannot be read."""
    from ingest.read import detect_language, read_text

    zh, en, texts = [], [], {}
    for f in files:
        try:
            texts[f] = read_text(f)
            lang = detect_language(texts[f])
        except GlossalignError:
            lang = "zh"
        (en if lang == "en" else zh).append(f)
    return zh, en, texts


def _paragraph_texts(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def _load_pairs(path: Path, key: str) -> list:
    from formats.pairs import read_pairs

    pairs = read_pairs(path, allow_empty=True)
    for p in pairs:  # ids are per document; make them unique across the batch
        p.id = f"{key}:{p.id}"
    return pairs


def _export_glossary(db_path: Path, outdir: Path) -> list[Path]:
    from formats.glossary import write_glossary
    from glossary.curation import export_xlsx
    from glossary.store import load_glossary

    entries = load_glossary(db_path)
    written = []
    for name, fmt in GLOSSARY_EXPORTS.items():
        if name.endswith(".xlsx"):  # the curation sheet carries the base its import merges against
            export_xlsx(db_path, outdir / name)
        else:
            write_glossary(entries, outdir / name, fmt)
        written.append(outdir / name)
    return written


def run_workflow(
    zh_inputs: list[Path], en_inputs: list[Path] | None, outdir: Path, *, model: str = DEFAULT_MODEL,
    level: str = "paragraph", db: Path | None = None, workers: int = 1, engine: str = "process",
    limit: int = 300, dask_address: str | None = None, resume: bool = True, on_document=None,
    layout: str = "auto", force: bool = False,
) -> WorkflowSummary:
    """Run the whole job; see the module docstring. `on_document(dict)` is called as each document finishes."""
    start = time.perf_counter()
    if level not in ("paragraph", "sentence"):
        raise InputError(f"unknown level {level!r}: use 'paragraph' or 'sentence'")
    from ingest.paragraphs import LAYOUTS

    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}: use auto, wrapped or lines")
    from align.embed import default_cache_dir, get_embedder

    get_embedder(model, cache=False)  # an unknown --model fails here, before any work
    files = expand_inputs(list(zh_inputs))
    if en_inputs:
        zh_files, en_files, texts = files, expand_inputs(list(en_inputs)), {}
        both = sorted({f.resolve() for f in zh_files} & {f.resolve() for f in en_files})
        if both:
            raise InputError(
                f"{both[0]} is given both among the Chinese inputs and as --en: a document cannot be paired "
                "with itself; give the Chinese and the English documents apart"
            )
    else:
        zh_files, en_files, texts = split_by_language(files)
    if not zh_files:
        raise InputError("no Chinese document among the inputs (all of them read as English)")
    pairing = pair_documents(zh_files, en_files, texts=texts)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    summary = WorkflowSummary(outdir=outdir, pairing=pairing)

    threads = max(1, (os.cpu_count() or 1) // workers)
    tasks = [
        PairTask(key=p.key, zh=str(p.zh), en=str(p.en) if p.en else None, outdir=str(outdir), model=model,
                 level=level, cache_dir=str(default_cache_dir()), threads=threads, layout=layout, force=force)
        for p in pairing.pairs
    ]
    batch = run_batch(tasks, workers=workers, engine=engine, dask_address=dask_address, resume=resume,
                      on_result=on_document)
    done = {d["key"]: d for d in batch.done}
    failed = {d["key"]: d["error"] for d in batch.failed}

    from pipeline.batch import Manifest

    manifest = Manifest(outdir)
    documents: dict[str, list[str]] = {}
    pairs: list = []
    for task in tasks:
        if task.key in failed:
            summary.documents.append(DocumentRow(task.key, task.zh, task.en, "failed", error=failed[task.key]))
            continue
        info = done.get(task.key) or manifest.documents.get(task.key, {}).get("summary", {})
        suspicious = bool(info.get("suspicious"))
        status = "suspicious" if suspicious else "done" if task.key in done else "skipped"
        row = DocumentRow(
            task.key, task.zh, task.en, "mismatched" if info.get("mismatched") else status,
            zh_paragraphs=info.get("zh_paragraphs", 0), pairs=info.get("pairs", 0),
            mean_confidence=info.get("mean_confidence"), suspicious=suspicious,
            low_confidence=bool(info.get("low_confidence")),
            warnings=list(info.get("warnings", [])), layouts=dict(info.get("layouts", {})),
            mismatch=info.get("mismatched", ""),
        )
        summary.documents.append(row)
        documents[task.key] = _paragraph_texts(outdir / f"{task.key}.zh.paragraphs.jsonl")
        if task.en and not suspicious:  # a suspicious document's pairs stay out of the glossary and the QA check
            pairs.extend(_load_pairs(outdir / f"{task.key}.aligned.jsonl", task.key))
    if not documents:
        first = next(iter(failed.items()))
        raise InputError(f"no document could be processed; {first[0]}: {first[1]}")

    from glossary.terms import update_glossary

    db_path = Path(db) if db else outdir / "glossary.sqlite"
    summary.glossary_db = db_path
    summary.glossary = update_glossary(db_path, documents, pairs or None, limit=limit)
    summary.outputs.append(db_path)
    summary.outputs.extend(_export_glossary(db_path, outdir))

    if pairs:
        from check.checks import run_checks
        from check.report import write_report
        from glossary.store import load_glossary

        findings = run_checks(pairs, glossary=load_glossary(db_path))
        for name in QA_REPORTS:
            write_report(findings, pairs, outdir / name)
            summary.outputs.append(outdir / name)
        by_severity: dict[str, int] = {}
        for f in findings:
            by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
        summary.qa = {"findings": len(findings), **by_severity}
    elif any(d.en and d.suspicious for d in summary.documents):
        summary.qa = {"skipped": "every aligned document is suspicious, so nothing to check"}
    else:
        summary.qa = {"skipped": "no English document, so nothing to check"}
    summary.outputs.append(outdir / "manifest.json")
    summary.seconds = time.perf_counter() - start
    return summary
