"""check.report: JSON, XLSX (rich text) and HTML reports; the HTML page in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from check.checks import REGISTRY, run_checks
from check.report import write_report
from core.errors import InputError
from core.records import AlignedPair

DATA = Path(__file__).resolve().parents[1] / "data" / "qa_pairs.jsonl"


@pytest.fixture(scope="module")
def qa():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [AlignedPair(id=r["id"], zh=r["zh"], en=r["en"]) for r in rows]
    return pairs, run_checks(pairs)


def test_json_report(tmp_path, qa):
    pairs, findings = qa
    out = write_report(findings, pairs, tmp_path / "r.json")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["summary"]["pairs"] == len(pairs) and doc["summary"]["findings"] == len(findings)
    assert set(doc["summary"]["by_type"]) == set(REGISTRY)
    first = doc["findings"][0]
    # the shape other tools read, plus the finding's key (what --suppress matches a dismissed finding by)
    assert set(first) == {"type", "severity", "pair", "zh", "en", "expected", "found", "message", "spans", "key"}
    sym = next(f for f in doc["findings"] if f["type"] == "symbol" and f["spans"]["zh"])
    s, e = sym["spans"]["zh"]
    assert sym["zh"][s:e] == sym["expected"]
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # atomic: no temporary left behind


def test_unknown_extension(tmp_path, qa):
    with pytest.raises(InputError, match="extension"):
        write_report(qa[1], qa[0], tmp_path / "r.pdf")


def test_xlsx_report_sheets_and_rich_text(tmp_path, qa):
    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    pairs, findings = qa
    out = write_report(findings, pairs, tmp_path / "r.xlsx")
    wb = load_workbook(out, rich_text=True)
    assert wb.sheetnames == ["Summary", *REGISTRY]
    summary = {row[0]: row for row in wb["Summary"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert summary["number"][-1] == sum(1 for f in findings if f.type == "number")
    ws = wb["number"]
    assert ws.max_row - 1 == summary["number"][-1]
    rich = [c.value for row in ws.iter_rows(min_row=2, min_col=3, max_col=4) for c in row
            if isinstance(c.value, CellRichText)]
    assert rich, "no rich-text cells"
    blocks = [b for r in rich for b in r if isinstance(b, TextBlock)]
    assert blocks and all(b.font.b for b in blocks)
    assert any(b.text == "第七十五" for b in blocks)
    assert wb["term-variant"].max_row >= 2


def _html_report(tmp_path, qa) -> Path:
    pairs, findings = qa
    return write_report(findings, pairs, tmp_path / "r.html")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks, self.filters, self.rows, self.external = [], [], [], []
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "mark":
            self._in_mark = True
            self.marks.append([a.get("data-type"), ""])
        elif tag == "input" and "type-filter" in (a.get("class") or ""):
            self.filters.append(a["value"])
        elif tag == "tr" and a.get("class") == "pair":
            self.rows.append(a["data-types"])
        if tag in ("link", "img") or (tag == "script" and a.get("src")):
            self.external.append(tag)

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1][1] += data


def test_html_report_parses(tmp_path, qa):
    pairs, findings = qa
    html = _html_report(tmp_path, qa).read_text(encoding="utf-8")
    p = _Collector()
    p.feed(html)
    assert p.filters == list(REGISTRY)
    assert ["number", "第七十五"] in p.marks
    assert ["untranslated", "消极安全保证"] in p.marks
    flagged = {pid for f in findings for pid in f.pair}
    assert len(p.rows) == len(flagged)
    assert "term-variant" in " ".join(p.rows)
    assert p.external == []  # self-contained: no linked stylesheet, image or script


def test_html_links_a_pair_to_its_finding_across_pairs(tmp_path):
    zh = "本集团重申，彻底消除核武器是唯一绝对保证。"
    pairs = [AlignedPair(id="1", zh=zh, en="The Group reaffirms that elimination is the only guarantee."),
             AlignedPair(id="2", zh=zh, en="The Group recalls that elimination is the sole guarantee.")]
    out = write_report(run_checks(pairs, checks=["segment-variant"]), pairs, tmp_path / "r.html")
    html = out.read_text(encoding="utf-8")
    assert html.count('href="#across-1"') == 2 and 'id="across-1"' in html
    assert "with pairs 2; see" in html and "with pairs 1; see" in html


def test_html_escapes_text(tmp_path):
    pairs = [AlignedPair(id="1", zh="<b>本集团</b>", en="")]
    out = write_report(run_checks(pairs, checks=["empty"]), pairs, tmp_path / "r.html")
    html = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;本集团&lt;/b&gt;" in html and "<b>本集团" not in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _dump_dom(tmp_path: Path, url: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'chrome-profile'}", "--dump-dom", url]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_report_in_headless_chromium(tmp_path, qa):
    out = _html_report(tmp_path, qa)
    dom = _dump_dom(tmp_path, out.resolve().as_uri())
    assert 'data-ready="1"' in dom  # the inline script ran
    assert dom.count('class="pair"') == dom.count("<tr class=\"pair") > 0  # nothing hidden by default
    assert '<mark class="hl" data-type="number">第七十五</mark>' in dom
    assert dom.count('class="type-filter"') == len(REGISTRY)
    # the filter: ?only=symbol hides every pair row without a symbol finding
    dom = _dump_dom(tmp_path, out.resolve().as_uri() + "?only=symbol")
    shown = dom.count('<tr class="pair" ')
    hidden = dom.count('<tr class="pair hidden"')
    pairs, findings = qa
    symbol_pairs = {p for f in findings if f.type == "symbol" for p in f.pair}
    assert shown == len(symbol_pairs) and hidden > 0
