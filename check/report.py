"""The QA report of the `check` command: JSON, XLSX or a self-contained HTML page, picked by extension.

    .json   {"summary": {...}, "findings": [{type, severity, pair, zh, en, expected, found, message, spans}]}
    .xlsx   a Summary sheet and one sheet per check type; offending spans in red bold rich text
    .html   side-by-side pairs with highlighted spans and a filter by type (inline CSS/JS, no external assets)

All writes are atomic (core.fsutil.atomic_output).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from check.checks import REGISTRY, SEVERITIES, summarize
from core.cells import text_only
from core.errors import InputError, UsageError
from core.fsutil import atomic_output, is_stdout, refuse_binary_stdout
from core.records import EN_TAG, ZH_TAG, AlignedPair, Finding

FORMATS = (".json", ".xlsx", ".html", ".htm")


def _spans(f: Finding) -> dict:
    return {"zh": list(f.zh_span) if f.zh_span else None, "en": list(f.en_span) if f.en_span else None}


def finding_dict(f: Finding) -> dict:
    return {
        "type": f.type,
        "severity": f.severity,
        "pair": list(f.pair),
        "zh": f.zh,
        "en": f.en,
        "expected": f.expected,
        "found": f.found,
        "message": f.message,
        "spans": _spans(f),
    }


def _summary(findings: list[Finding], pairs: list[AlignedPair], hidden=None) -> dict:
    by_sev = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    flagged = {p for f in findings for p in f.pair}
    out = {
        "pairs": len(pairs),
        "pairs_flagged": len(flagged),
        "findings": len(findings),
        "by_severity": by_sev,
        "by_type": summarize(findings),
    }
    if hidden is not None:  # what the profile and the dismissed findings of an earlier report hid
        out["hidden"] = hidden.as_dict()
    return out


_BY_NAME = {"json": ".json", "html": ".html", "xlsx": ".xlsx"}


def report_format(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The report's suffix (.json, .html, .xlsx) from `fmt` or the extension of `path`.

    `-` (standard output) needs `fmt` and takes json or html; an `fmt` against the extension is a UsageError.
    """
    stdout = is_stdout(path)
    suffix = "" if stdout else Path(path).suffix.lower()
    suffix = ".html" if suffix == ".htm" else suffix
    if fmt:
        if fmt.lower() not in _BY_NAME:
            raise InputError(f"unknown report format {fmt!r}; use json, html or xlsx")
        chosen = _BY_NAME[fmt.lower()]
        if suffix in FORMATS and suffix != chosen:
            raise UsageError(f"{path}: the extension says {suffix.lstrip('.')} but --format says {fmt}; "
                             "drop --format or change the extension")
        refuse_binary_stdout(path, "xlsx", chosen == ".xlsx")
        return chosen
    if stdout:
        raise UsageError("-o - (standard output) needs --format: json or html")
    if suffix not in FORMATS:
        raise InputError(f"{path}: report format comes from the extension; use .xlsx, .html or .json")
    return suffix


def write_report(findings: list[Finding], pairs: list[AlignedPair], path: str | os.PathLike,
                 fmt: str | None = None, hidden=None) -> Path:
    """Write the report in `fmt` or the format of `path`'s extension (`-`: stdout); InputError if unknown.
    `hidden` (check.silence.Hidden) is what the profile and dismissed findings took out: counted in the summary."""
    suffix = report_format(path, fmt)
    with atomic_output(path) as tmp:
        if suffix == ".json":
            _write_json(findings, pairs, tmp, hidden)
        elif suffix == ".xlsx":
            _write_xlsx(findings, pairs, tmp, hidden)
        else:
            _write_html(findings, pairs, tmp, hidden)
    return Path(path)


def _write_json(findings, pairs, tmp: Path, hidden=None) -> None:
    from check.silence import finding_key

    doc = {"languages": {"zh": ZH_TAG, "en": EN_TAG}, "summary": _summary(findings, pairs, hidden),
           "findings": [{**finding_dict(f), "key": finding_key(f)} for f in findings]}
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ XLSX


def _rich(text: str, span):
    """`text` as a CellRichText with `span` in red bold, or the plain string when there is no span."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    text = _xlsx_safe(text)
    if not span or span[0] >= span[1] or span[1] > len(text):
        return text
    s, e = span
    parts = []
    if s:
        parts.append(text[:s])
    parts.append(TextBlock(InlineFont(b=True, color="FFC00000"), text[s:e]))
    if e < len(text):
        parts.append(text[e:])
    return CellRichText(parts)


def _xlsx_safe(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text or "")


def _write_xlsx(findings, pairs, tmp: Path, hidden=None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    summary = _summary(findings, pairs, hidden)
    ws.append(["check", "description", *SEVERITIES, "total"])
    for name, counts in summary["by_type"].items():
        ws.append([name, REGISTRY[name].description, *(counts[s] for s in SEVERITIES), counts["total"]])
    ws.append([])
    ws.append(["pairs", summary["pairs"]])
    ws.append(["pairs flagged", summary["pairs_flagged"]])
    ws.append(["findings", summary["findings"]])
    if hidden is not None:
        ws.append(["hidden: dismissed earlier (--suppress)", hidden.suppressed])
        ws.append(["hidden: ignore patterns (profile)", hidden.ignored])
        ws.append(["checks turned off (profile)", ", ".join(hidden.checks_off) or "none"])
    ws.append([])
    ws.append(["decision", "mark a finding 'not an error' in its sheet's decision column and give this report back "
               "with check --suppress REPORT.xlsx: it stays hidden on later runs"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.column_dimensions["B"].width = 60
    wrap = Alignment(wrap_text=True, vertical="top")
    from openpyxl.worksheet.datavalidation import DataValidation

    from check.silence import DECISIONS, finding_key

    for name in REGISTRY:
        sheet = wb.create_sheet(name[:31])
        sheet.append(["severity", "pair", "zh", "en", "expected", "found", "message", "decision", "key"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        rows = 0
        for f in (f for f in findings if f.type == name):
            sheet.append([f.severity, ", ".join(f.pair), _rich(f.zh, f.zh_span), _rich(f.en, f.en_span),
                          _xlsx_safe(f.expected), _xlsx_safe(f.found), _xlsx_safe(f.message), "", finding_key(f)])
            rows += 1
        choice = DataValidation(type="list", formula1='"' + ",".join(d for d in DECISIONS if d) + '"', allow_blank=True)
        sheet.add_data_validation(choice)
        choice.add(f"H2:H{max(2, rows + 1)}")
        for col, width in zip("ABCDEFGHI", (9, 10, 60, 60, 30, 30, 50, 14, 18), strict=True):
            sheet.column_dimensions[col].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        sheet.freeze_panes = "A2"
    text_only(wb)  # text that starts with = + - @ stays text, never a live formula
    wb.save(tmp)


# ------------------------------------------------------------------ HTML


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict]:
    """Cut `text` into plain and highlighted pieces; spans are (start, end, type), overlaps merged."""
    spans = sorted((max(0, s), min(len(text), e), t) for s, e, t in spans if s < e and s < len(text))
    out, pos = [], 0
    for s, e, t in spans:
        if s < pos:
            if e <= pos:
                continue
            s = pos
        if s > pos:
            out.append({"text": text[pos:s], "mark": None})
        out.append({"text": text[s:e], "mark": t})
        pos = e
    if pos < len(text):
        out.append({"text": text[pos:], "mark": None})
    return out


def _write_html(findings, pairs, tmp: Path, hidden=None) -> None:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("check", "templates"), autoescape=select_autoescape(["html"]))
    by_pair: dict[str, list[Finding]] = {}
    for f in findings:
        for pid in f.pair:
            by_pair.setdefault(pid, []).append(f)
    corpus = [f for f in findings if REGISTRY[f.type].scope == "corpus"]
    corpus_index = {id(f): n for n, f in enumerate(corpus, 1)}
    rows = []
    for p in pairs:
        fs = by_pair.get(p.id, [])
        if not fs:
            continue
        zh_spans = [(*f.zh_span, f.type) for f in fs if f.zh_span and id(f) not in corpus_index]
        en_spans = [(*f.en_span, f.type) for f in fs if f.en_span and id(f) not in corpus_index]
        rows.append({
            "id": p.id,
            "types": sorted({f.type for f in fs}),
            "zh": _segments(p.zh, zh_spans),
            "en": _segments(p.en, en_spans),
            "findings": [f for f in fs if id(f) not in corpus_index],
            "corpus": [(f, corpus_index[id(f)]) for f in fs if id(f) in corpus_index],
        })
    html = env.get_template("report.html").render(
        summary=_summary(findings, pairs, hidden), rows=rows, corpus=corpus, checks=list(REGISTRY), registry=REGISTRY,
        severities=SEVERITIES,
    )
    tmp.write_text(html, encoding="utf-8")
