"""One path: `align`, `run` and the benches read each document once, the way `paragraphs` does, and reach the
use-m3 runs path through the one embedder layer; `--layout lines` keeps every non-empty line as a unit."""

from __future__ import annotations

import json
import random
import subprocess

import pytest
from typer.testing import CliRunner

from align import DEFAULT_MODEL
from align.embed import CachedEmbedder, get_embedder
from cli import app
from formats.pairs import align_fmt

runner = CliRunner()

ZH = [
    "联合国大会",
    "（2012年11月15日）",
    "1.",
    "大会重申外层空间应仅用于和平目的。",
    "2012",
    "第一章",
    "裁军谈判会议通过了议程。",
    "CD/PV.1261",
    "各国应防止外层空间的军备竞赛。",
    "3",
]
EN = [
    "General Assembly",
    "November 15, 2012",
    "1.",
    "The General Assembly reaffirms that outer space should be used for peaceful purposes only.",
    "2012",
    "Chapter I",
    "The Conference on Disarmament adopted its agenda.",
    "CD/PV.1261",
    "States should prevent an arms race in outer space.",
    "3",
]


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _random_document(rng: random.Random, pool: list[str]) -> tuple[str, list[str]]:
    """A text of lines drawn from `pool` (dates, lone numbers, headings, symbols, sentences) with blank lines,
    spaces and CRLF mixed in; returns the text and its non-empty lines, stripped."""
    lines, kept = [], []
    for _ in range(rng.randint(1, 40)):
        if rng.random() < 0.25:
            lines.append(rng.choice(["", "   ", "\u3000"]))
            continue
        text = rng.choice(pool)
        kept.append(text)
        lines.append(rng.choice(["", " ", "  "]) + text + rng.choice(["", " "]))
    newline = rng.choice(["\n", "\r\n"])
    return newline.join(lines) + newline, kept


@pytest.mark.parametrize("seed", range(12))
def test_layout_lines_keeps_every_non_empty_line(tmp_path, seed):
    from ingest.paragraphs import load_document

    rng = random.Random(seed)
    for lang, pool in (("zh", ZH), ("en", EN)):
        text, kept = _random_document(rng, pool)
        if not kept:
            continue
        f = tmp_path / f"{lang}{seed}.txt"
        f.write_bytes(text.encode("utf-8"))
        _, doc = load_document(f, layout="lines")
        assert [p.text for p in doc.paragraphs] == kept
        assert [p.id for p in doc.paragraphs] == [f"p{k}" for k in range(1, len(kept) + 1)]
        assert doc.dropped == []


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_align_layout_lines_names_every_line_once(tmp_path, level):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("\n\n".join(ZH) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    out = tmp_path / "out.align"
    result = invoke("align", zh, en, "--layout", "lines", "--level", level, "--model", "hash", "--force", "-o", out)
    assert result.exit_code == 0, result.output
    beads = align_fmt.parse(out.read_text(encoding="utf-8"))
    assert sorted(i for z, _ in beads for i in z) == list(range(len(ZH)))
    assert sorted(j for _, e in beads for j in e) == list(range(len(EN)))


def test_furniture_dropped_by_other_layouts_is_listed(tmp_path):
    zh = tmp_path / "zh.txt"
    zh.write_text("\n".join(["大会重申外层空间应仅用于和平目的，各国应防止外层空间的军备竞赛。", "CD/PV.1261",
                             "GE.12-63627", "裁军谈判会议通过了议程。"]) + "\n", encoding="utf-8")
    result = invoke("paragraphs", zh, "-f", "txt")
    assert "2 lines dropped as page furniture" in result.stderr
    verbose = invoke("-v", "paragraphs", zh, "-f", "txt")
    assert "line 2 dropped as page furniture: CD/PV.1261" in verbose.stderr
    assert "line 3 dropped as page furniture: GE.12-63627" in verbose.stderr
    kept = invoke("paragraphs", zh, "-f", "txt", "--layout", "lines")
    assert "CD/PV.1261" in kept.stdout and "dropped" not in kept.stderr


def test_dates_of_each_statement_are_not_running_headers(tmp_path):
    from ingest.paragraphs import load_document

    lines = []
    for k in range(1, 5):
        lines += [f"第{k}次发言", f"（2012年11月{k + 10}日）", f"大会重申外层空间应仅用于和平目的，这是第{k}次发言的正文。", ""]
    f = tmp_path / "zh.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    _, doc = load_document(f)
    assert sum("2012年11月" in p.text for p in doc.paragraphs) == 4
    assert not any("2012年" in text for _, text in doc.dropped)


# ---------------------------------------------------------------- one reading per document


def _docx(path, paragraphs):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def _pdf(path, paragraphs):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in paragraphs:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))


EN_DOC = [
    "A/RES/73/30",
    "Resolution adopted by the General Assembly on 5 December 2018",
    "1. Reaffirms that the prevention of an arms race in outer space would avert a grave danger for "
    "international peace and security.",
    "2. Calls upon all States to contribute actively to the peaceful use of outer space.",
    "3. Requests the Conference on Disarmament to establish a working group on the subject.",
    "4. Decides to include the item in the provisional agenda of its seventy-fourth session.",
    "2",
]
ZH_DOC = [
    "A/RES/73/30",
    "2018年12月5日大会决议",
    "1. 重申防止外层空间的军备竞赛将避免对国际和平与安全的严重威胁。",
    "2. 吁请所有国家积极促进和平利用外层空间。",
    "3. 请裁军谈判会议就此问题设立一个工作组。",
    "4. 决定将该项目列入其第七十四届会议临时议程。",
    "2",
]


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_paragraphs_align_and_run_give_the_same_ids(tmp_path, kind):
    zh_dir, en_dir = tmp_path / "zh", tmp_path / "en"
    zh_dir.mkdir()
    en_dir.mkdir()
    zh = zh_dir / "decl.txt"
    if kind == "docx":
        zh = zh_dir / "decl.docx"
        _docx(zh, ZH_DOC)
    else:  # fpdf2's core fonts write no Chinese: the Chinese side stays text for the PDF case
        zh.write_text("\n\n".join(ZH_DOC) + "\n", encoding="utf-8")
    en = en_dir / f"decl.{kind}"
    if kind == "txt":
        en.write_text("\n\n".join(EN_DOC) + "\n", encoding="utf-8")
    elif kind == "docx":
        _docx(en, EN_DOC)
    else:
        _pdf(en, EN_DOC)
    ids = {}
    for side, path in (("zh", zh), ("en", en)):
        res = invoke("paragraphs", path, "-f", "jsonl")
        assert res.exit_code == 0, res.output
        ids[side] = {json.loads(line)["id"]: json.loads(line)["text"] for line in res.stdout.splitlines()}
    out = tmp_path / "pairs.jsonl"
    res = invoke("align", zh, en, "--model", "hash", "-o", out)
    assert res.exit_code == 0, res.output
    pairs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    named = {"zh": [i for p in pairs for i in p["zh_ids"]], "en": [i for p in pairs for i in p["en_ids"]]}
    for side in ("zh", "en"):
        assert sorted(named[side]) == sorted(ids[side]), side  # every paragraph once, by its paragraph-file id
    for p in pairs:  # and each pair's text is the text of the paragraphs it names
        assert p["zh"] == "".join(ids["zh"][i] for i in p["zh_ids"])
        assert p["en"] == " ".join(ids["en"][i] for i in p["en_ids"])
    run_out = tmp_path / "run"
    res = invoke("run", zh_dir, "--en", en_dir, "-o", run_out, "--model", "hash")
    assert res.exit_code == 0, res.output
    key = json.loads((run_out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    (k,) = key
    for side in ("zh", "en"):
        written = [json.loads(line) for line in (run_out / f"{k}.{side}.paragraphs.jsonl").read_text(encoding="utf-8").splitlines()]
        assert {p["id"]: p["text"] for p in written} == ids[side]
    run_pairs = [json.loads(line) for line in (run_out / f"{k}.aligned.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(p["zh_ids"], p["en_ids"]) for p in run_pairs] == [(p["zh_ids"], p["en_ids"]) for p in pairs]


# ---------------------------------------------------------------- one embedder layer, the runs path


def test_one_embedder_per_model_in_a_process(tmp_path):
    a = get_embedder("hash", cache_dir=tmp_path)
    assert get_embedder("hash", cache_dir=tmp_path) is a
    assert isinstance(a, CachedEmbedder) and a.meaningful is False
    assert get_embedder(DEFAULT_MODEL, cache_dir=tmp_path).meaningful is True


@pytest.mark.slow
def test_align_and_run_take_the_use_m3_runs_path(tmp_path, monkeypatch):
    calls = []
    original = CachedEmbedder.runs

    def spy(self, segments, joiner):
        runs = original(self, segments, joiner)
        calls.append((self.name, len(segments), runs is not None))
        return runs

    monkeypatch.setattr(CachedEmbedder, "runs", spy)
    monkeypatch.setenv("GLOSSALIGN_CACHE", str(tmp_path / "cache"))
    zh, en = tmp_path / "zh" / "d.txt", tmp_path / "en" / "d.txt"
    zh.parent.mkdir()
    en.parent.mkdir()
    zh.write_text("\n".join(ZH_DOC[1:6]) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN_DOC[1:6]) + "\n", encoding="utf-8")
    res = invoke("align", zh, en, "--layout", "lines", "-o", tmp_path / "a.align")
    assert res.exit_code == 0, res.output
    assert (DEFAULT_MODEL, 5, True) in calls  # both sides through runs, computed from their token sums
    calls.clear()
    res = invoke("run", zh.parent, "--en", en.parent, "-o", tmp_path / "out", "--layout", "lines")
    assert res.exit_code == 0, res.output
    assert calls and all(ok for name, _, ok in calls if name == DEFAULT_MODEL)


def test_bench_speed_times_the_align_command(tmp_path):
    from benchmarks.speed import REPO, align_command

    cmd = align_command(tmp_path / "zh.txt", tmp_path / "en.txt", tmp_path / "o.align", "hash")
    assert cmd[3:5] == ["-q", "align"] and "--layout" in cmd and "lines" in cmd
    (tmp_path / "zh.txt").write_text("\n".join(ZH_DOC) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(EN_DOC) + "\n", encoding="utf-8")
    done = subprocess.run(cmd + ["--force"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert len(align_fmt.parse((tmp_path / "o.align").read_text(encoding="utf-8"))) >= 1


# ---------------------------------------------------------------- unrelated documents, through align


@pytest.mark.slow
def test_real_translations_pass_and_crossed_texts_are_refused(mac_test_dir, tmp_path):
    zh = [mac_test_dir / "zh" / f"{n}.txt" for n in ("004", "021")]
    en = [mac_test_dir / "en" / f"{n}.txt" for n in ("004", "021")]
    for z, e in zip(zh, en, strict=True):  # literary translations, one sentence a line
        ok = invoke("align", z, e, "--layout", "lines", "-o", tmp_path / "ok.align")
        assert ok.exit_code == 0 and "do not look like" not in ok.stderr, ok.stderr
    crossed = invoke("align", zh[0], en[1], "--layout", "lines", "-o", tmp_path / "no.align")
    assert crossed.exit_code == 1 and "chance level" in crossed.stderr and "--force" in crossed.stderr
    assert not (tmp_path / "no.align").exists()


@pytest.mark.slow
def test_unpc_documents_pass(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "unpc-dev"
    if not root.is_dir():
        pytest.skip("../shared/benchmarks/unpc-dev is not beside this checkout")
    ids = (root / "UNv1.0.devset.ids").read_text(encoding="utf-8").splitlines()
    zh = (root / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (root / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[int]] = {}
    for k, i in enumerate(ids):
        docs.setdefault(i.split()[0], []).append(k)
    long_docs = [rows for rows in docs.values() if len(rows) >= 8][:6]
    for n, rows in enumerate(long_docs):
        z, e = tmp_path / f"{n}.zh.txt", tmp_path / f"{n}.en.txt"
        z.write_text("\n".join(zh[k] for k in rows) + "\n", encoding="utf-8")
        e.write_text("\n".join(en[k] for k in rows) + "\n", encoding="utf-8")
        res = invoke("align", z, e, "--layout", "lines", "-o", tmp_path / f"{n}.align")
        assert res.exit_code == 0 and "do not look like" not in res.stderr, res.stderr


def test_running_heads_with_a_date_and_a_page_number_still_go(tmp_path):
    from ingest.paragraphs import load_document

    for lang, head, body in (
        ("en", "A/79/123 {k} 3 December 2024", "The General Assembly considered item {k} of its agenda and adopted the "
                                              "draft resolution without a vote after a long debate."),
        ("zh", "A/79/123 第{k}页 2024年12月3日", "大会审议了议程项目{k}，未经表决通过了决议草案。这是第{k}段的正文，内容足够长。"),
    ):
        f = tmp_path / f"{lang}.txt"
        f.write_text("\n".join(x for k in range(1, 6) for x in (head.format(k=k), body.format(k=k), "")),
                     encoding="utf-8")
        _, doc = load_document(f)
        assert [text for _, text in doc.dropped] == [head.format(k=k) for k in range(1, 6)]
        assert not any("A/79/123" in p.text for p in doc.paragraphs)


def test_a_word_files_dropped_paragraphs_are_named_as_paragraphs(tmp_path):
    f = tmp_path / "decl.docx"
    _docx(f, ["大会重申外层空间应仅用于和平目的。", "", "CD/PV.1261", "裁军谈判会议通过了议程。"])
    res = invoke("-v", "paragraphs", f, "-f", "txt")
    assert res.exit_code == 0, res.output
    assert "non-empty Word paragraph 2 dropped as page furniture: CD/PV.1261" in res.stderr
