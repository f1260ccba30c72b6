"""The curator's context: sentences with the term marked, the English sentence, document names, counts."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from core.records import AlignedPair
from formats.glossary import write_glossary
from glossary.store import load_glossary
from glossary.terms import update_glossary
from ingest.paragraphs import load_paragraphs

BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"
PAIRS = [("space_statement_zh.txt", "G21-space-E.txt"), ("nsa.ch.txt", "negative_assurances_en.txt")]


def _documents_and_pairs():
    documents, pairs = {}, []
    for zh_name, en_name in PAIRS:
        zh = load_paragraphs(BATCH / "zh" / zh_name)[1]
        en = load_paragraphs(BATCH / "en" / en_name)[1]
        assert len(zh) == len(en)  # these small pairs translate paragraph for paragraph
        key = Path(zh_name).stem
        documents[key] = [p.text for p in zh]
        pairs += [AlignedPair(f"{key}:{k}", z.text, e.text, [z.id], [e.id], 0.9)
                  for k, (z, e) in enumerate(zip(zh, en, strict=True), 1)]
    return documents, pairs


def test_contexts_mark_the_term_name_the_document_and_give_the_english_sentence(tmp_path):
    documents, pairs = _documents_and_pairs()
    update_glossary(tmp_path / "g.sqlite", documents, pairs, limit=60)
    entries = {e.zh: e for e in load_glossary(tmp_path / "g.sqlite")}
    with_context = [e for e in entries.values() if e.contexts]
    assert len(with_context) == len(entries)  # every extracted term has a context
    for e in entries.values():
        assert 1 <= len(e.contexts) <= 3
        assert set(e.document_names) <= set(documents) and len(e.document_names) == e.documents
        for c in e.contexts:
            marked = re.search(r"⟦(.+?)⟧", c.zh).group(1)
            assert marked.replace(" ", "") == e.zh.replace(" ", "")
            assert c.doc in e.document_names
            assert any(c.plain in p for p in documents[c.doc])  # a sentence of the rebuilt paragraphs
    english = [c for e in entries.values() for c in e.contexts if c.en]
    assert len(english) >= 0.8 * sum(len(e.contexts) for e in entries.values())
    outer = entries["外层空间"]
    assert any("outer space" in c.en.lower() for c in outer.contexts)


def test_frequency_is_what_a_search_of_the_paragraphs_finds(tmp_path):
    documents, _pairs = _documents_and_pairs()
    update_glossary(tmp_path / "g.sqlite", documents, None, limit=60)
    for e in load_glossary(tmp_path / "g.sqlite"):
        spaced = re.compile(re.sub(r"(?<=[0-9A-Za-z])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[0-9A-Za-z])",
                                   " ?", e.zh))
        found = sum(len(spaced.findall(p)) for ps in documents.values() for p in ps)
        assert e.frequency == found, e.zh


def test_sheet_and_csv_show_context_and_document_names_and_show_prints_the_entry(tmp_path):
    documents, pairs = _documents_and_pairs()
    db = tmp_path / "g.sqlite"
    update_glossary(db, documents, pairs, limit=60)
    entries = load_glossary(db)
    write_glossary(entries, tmp_path / "g.xlsx")
    write_glossary(entries, tmp_path / "g.csv")
    ws = load_workbook(tmp_path / "g.xlsx")["glossary"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "外层空间")
    assert "⟦外层空间⟧" in row[header.index("context")] and " ⇄ " in row[header.index("context")]
    assert set(row[header.index("documents")].split(" | ")) == {"space_statement_zh", "nsa.ch"} & set(
        next(e for e in entries if e.zh == "外层空间").document_names) or row[header.index("documents")]
    assert "context" in (tmp_path / "g.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    # the sheet reads back: documents as names count as documents
    from formats.glossary import read_glossary

    back = {e.zh: e for e in read_glossary(tmp_path / "g.xlsx")}
    assert back["外层空间"].documents == next(e for e in entries if e.zh == "外层空间").documents
    result = CliRunner().invoke(app, ["glossary", "show", str(db), "外层空间"])
    assert result.exit_code == 0, result.output
    assert "⟦外层空间⟧" in result.stdout and "frequency:" in result.stdout and "outer space" in result.stdout
    missing = CliRunner().invoke(app, ["glossary", "show", str(db), "不存在的术语"])
    assert missing.exit_code == 2 and "not in the glossary store" in missing.stderr
