"""`align -o pairs.html`: both texts side by side in one self-contained page, checked in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app

DATA = Path(__file__).resolve().parents[1] / "data"
ZH, EN = DATA / "mini_zh.txt", DATA / "mini_en.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def page(tmp_path, hash_layout_before_evidence) -> Path:
    out = tmp_path / "pairs.html"
    result = run("align", ZH, EN, "--model", "hash", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_the_page_is_self_contained_with_language_attributes(page):
    html = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)  # nothing fetched from anywhere
    assert "<link" not in html and "@import" not in html and "url(" not in html
    rows = html.count('<tr class="pair')
    assert rows > 5
    assert html.count('<td class="text" lang="zh-Hans">') == rows and html.count('<td class="text" lang="en">') == rows
    assert 'data-review="1"' in html and "unmatched" in html  # the mini pair has an unmatched paragraph
    assert "hsl(" in html  # confidence shading


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'chrome-profile'}", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_filter_hides_reviewed_rows_in_chromium(tmp_path):
    sheet = tmp_path / "pairs.xlsx"
    assert run("align", ZH, EN, "--model", "hash", "-o", sheet).exit_code == 0
    wb = load_workbook(sheet)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    review = [r for r in range(2, ws.max_row + 1) if ws.cell(r, header.index("review") + 1).value]
    assert review, "the mini pair has rows to review"
    ws.cell(review[0], header.index("status") + 1).value = "approved"  # the reviewer looked at one
    wb.save(sheet)
    page = tmp_path / "reviewed.html"
    assert run("pairs", "convert", sheet, "-o", page).exit_code == 0
    dom = _chromium(tmp_path, "--dump-dom", page.resolve().as_uri()).stdout
    assert 'data-ready="1"' in dom and "hidden" not in re.findall(r'<tr class="[^"]*"', dom).__str__()
    dom = _chromium(tmp_path, "--dump-dom", page.resolve().as_uri() + "?review").stdout
    classes = re.findall(r'<tr class="([^"]*)" data-review="(\d)"', dom)
    shown = [c for c, r in classes if "hidden" not in c]
    assert len(shown) == len(review) - 1  # the approved row is hidden with the rest
    assert all(r == "1" for c, r in classes if "hidden" not in c)
    assert any("approved" in c and "hidden" in c for c, _ in classes)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_both_scripts_render_in_chromium_without_network(tmp_path, page):
    Image = pytest.importorskip("PIL.Image")
    shot = tmp_path / "shot.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,900", page.resolve().as_uri())
    img = Image.open(shot).convert("L")
    width, height = img.size
    # the Chinese column (left half of the text) and the English column both hold dark glyph pixels
    zh_box = img.crop((int(width * 0.08), 120, int(width * 0.45), height))
    en_box = img.crop((int(width * 0.50), 120, int(width * 0.85), height))
    for box in (zh_box, en_box):
        dark = sum(box.histogram()[:100])  # pixels darker than 100 of 255
        assert dark > 500, "no text drawn in a column"
    # Resource Timing after the load event: the page fetched nothing besides itself
    dom = _chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", page.resolve().as_uri()).stdout
    assert 'data-requests="0"' in dom
