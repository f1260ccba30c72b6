"""Reading documents: encodings (UTF-8, BOM, GB18030, undecodable), bad files, DOCX and PDF round trips."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from core.errors import InputError
from ingest.paragraphs import load_paragraphs, paragraphs_from_text
from ingest.read import SUPPORTED_SUFFIXES, decode_bytes, detect_language, read_text

ZH = "本集团重申，外层空间和其他天体是人类的共同遗产。"


# ---------------------------------------------------------------- encodings


def test_utf8(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(ZH.encode("utf-8"))
    assert read_text(f) == ZH


def test_utf8_bom_is_removed(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbf" + ZH.encode("utf-8"))
    assert read_text(f) == ZH


def test_gb18030(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(ZH.encode("gb18030"))
    assert read_text(f) == ZH


def test_crlf_becomes_lf(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"one\r\ntwo\rthree")
    assert read_text(f) == "one\ntwo\nthree"


@pytest.mark.parametrize(
    "data",
    [
        b"The text \x80\x80\xff\xff ends here.",  # not UTF-8; 0x80 and 0xFF are not GB18030 either
        b"\xc3\x28\xa0\xa1\xff",  # a broken UTF-8 sequence, and 0xFF ends GB18030 too
    ],
)
def test_undecodable_bytes_are_an_error(tmp_path, data):
    f = tmp_path / "a.txt"
    f.write_bytes(data)
    with pytest.raises(InputError, match="neither UTF-8 nor GB18030|unlikely characters"):
        read_text(f)


def test_gb18030_garbage_is_not_accepted_silently():
    # Latin-1 accented text decodes as GB18030 pairs, giving rare ideographs: refuse, don't guess.
    data = "Résumé économique défini à Genève, président élu".encode("latin-1")
    with pytest.raises(InputError):
        decode_bytes(data, "x.txt")


# Chinese and English in one text, with a blank line between paragraphs, as "Unicode text" would hold it
MIXED = ("关于防止外层空间军备竞赛的声明\n\n1. 21 国集团认为，空间技术确已成为我们日常生活中一个不可或缺的组成部分。\n\n"
         "1. The Group of 21 considers that space technology has indeed become indispensable.\n")
UNICODE_TEXT = [  # (codec, BOM written by hand or by the codec)
    ("utf-16", b""),  # Python's "utf-16" writes a BOM in the machine's order
    ("utf-16-le", b"\xff\xfe"),  # Notepad's and Word's "Unicode"
    ("utf-16-be", b"\xfe\xff"),  # Notepad's "Unicode big endian"
    ("utf-32", b""),
    ("utf-8-sig", b""),
    ("gb18030", b""),
]


@pytest.mark.parametrize("codec,bom", UNICODE_TEXT)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_unicode_text_is_read_as_utf8_is(tmp_path, codec, bom, newline):
    plain = tmp_path / "plain.txt"
    plain.write_bytes(MIXED.encode("utf-8"))
    f = tmp_path / f"{codec}.txt"
    f.write_bytes(bom + MIXED.replace("\n", newline).encode(codec))
    assert read_text(f) == read_text(plain) == MIXED  # no BOM character, Unix newlines
    got = [(p.id, p.kind, p.text) for p in load_paragraphs(f, "zh")[1]]
    assert got == [(p.id, p.kind, p.text) for p in load_paragraphs(plain, "zh")[1]] and len(got) == 3


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [MIXED, ZH + "\r\n" + ZH + "\r\n"])  # the second: Chinese, NULs only in CRLF
def test_utf16_without_bom_is_read_when_its_nuls_say_so(tmp_path, codec, text):
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode(codec))
    assert read_text(f) == text.replace("\r\n", "\n")


@pytest.mark.parametrize("data,why", [
    (ZH.encode("utf-16-le"), "no NUL byte: read as UTF-8/GB18030, which it is not"),
    ("ab".encode("utf-16-le")[:-1] + ZH.encode("utf-16-le"), "NULs on both sides of the code units"),
    ("Outer space".encode("utf-16-le") + b"\x00", "an odd byte count"),
    (b"".join(bytes([b, 0]) for b in range(1, 200)) * 4, "NULs on one side, but control characters"),
    (bytes(range(256)) * 8, "NULs everywhere"),
    ("\uac00\ub098 \ud55c\uad6d\uc5b4 ".encode("utf-16-le") * 20, "Hangul: not a Chinese or English text"),
])
def test_bytes_with_nuls_that_are_not_utf16_are_refused(tmp_path, data, why):
    f = tmp_path / "a.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_text(f)
    assert "\n" not in str(err.value) and str(f) in str(err.value), why


@pytest.mark.parametrize("bom,codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_bom_with_broken_or_binary_content(tmp_path, bom, codec):
    f = tmp_path / "a.txt"
    f.write_bytes(bom + "ok".encode(codec) + b"\x00")  # cut mid-character
    with pytest.raises(InputError, match="UTF-16 BOM but the bytes at 6"):
        read_text(f)
    f.write_bytes(bom + "ok".encode(codec) + b"\x00\x00" * 10)  # NUL characters: binary behind a BOM
    with pytest.raises(InputError, match="binary"):
        read_text(f)


def test_binary_with_a_few_nuls_in_one_column_is_still_binary():
    import random

    rng = random.Random(24)
    for _ in range(300):
        data = bytearray(rng.randrange(1, 256) for _ in range(rng.choice([64, 400, 2000])))
        for k in range(1, len(data), 2):
            if rng.random() < 0.3:
                data[k] = 0
        with pytest.raises(InputError, match="binary|decode"):
            decode_bytes(bytes(data), "x.bin")


def test_language_error_names_the_file(tmp_path):
    f = tmp_path / "digits.txt"
    f.write_text("12 34 56\n78 90\n")
    with pytest.raises(InputError, match="digits.txt: cannot tell the language"):
        load_paragraphs(f)


def test_shift_jis_is_not_taken_for_gb18030():
    data = "外層空間における軍備競争の防止。会議は作業計画を採択すべきである。".encode("shift_jis")
    with pytest.raises(InputError, match="unlikely characters"):
        decode_bytes(data, "ja.txt")


def test_bom_with_bad_bytes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbfok \xff\xfe")
    with pytest.raises(InputError, match="BOM"):
        read_text(f)


# ---------------------------------------------------------------- bad files


def test_missing(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_empty(tmp_path):
    f = tmp_path / "e.txt"
    f.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_text(f)


def test_whitespace_only(tmp_path):
    f = tmp_path / "w.txt"
    f.write_text(" \n\n  \n")
    with pytest.raises(InputError, match="no text"):
        read_text(f)


def test_binary(tmp_path):
    f = tmp_path / "b.txt"
    f.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    with pytest.raises(InputError, match="binary"):
        read_text(f)


def test_unknown_suffix_is_read_by_content(tmp_path):
    f = tmp_path / "a.rtf"
    f.write_text("hello, plain text under an odd name")
    assert read_text(f) == "hello, plain text under an odd name"
    assert ".txt" in SUPPORTED_SUFFIXES and ".docx" in SUPPORTED_SUFFIXES and ".pdf" in SUPPORTED_SUFFIXES


def test_extensionless_text_is_read(tmp_path):
    f = tmp_path / "README"
    f.write_bytes(ZH.encode("gb18030"))
    assert read_text(f) == ZH


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word .doc"),
    ],
)
def test_other_document_kinds_are_refused_by_content(tmp_path, data, kind):
    f = tmp_path / "report.txt"
    f.write_bytes(data)
    with pytest.raises(InputError, match=kind):
        read_text(f)


def test_a_workbook_or_zip_is_not_a_document(tmp_path):
    import zipfile

    from openpyxl import Workbook

    wb = tmp_path / "pairs"
    Workbook().save(wb)
    with pytest.raises(InputError, match="Excel workbook"):
        read_text(wb)
    z = tmp_path / "archive.txt"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.txt", "hello")
    with pytest.raises(InputError, match="zip archive"):
        read_text(z)


def test_docx_without_extension_is_read_as_docx(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("外层空间的军备竞赛。")
    f = tmp_path / "statement"
    document.save(str(f))
    assert read_text(f).strip() == "外层空间的军备竞赛。"


def test_pdf_saved_as_txt_is_read_as_pdf(tmp_path):
    FPDF = _fpdf()
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Prevention of an arms race in outer space")
    f = tmp_path / "statement.txt"
    pdf.output(str(f))
    text = read_text(f)
    assert "Prevention of an arms race in outer space" in text and "%PDF" not in text


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_broken_container(tmp_path, suffix):
    f = tmp_path / f"broken{suffix}"
    f.write_bytes(b"this is not really a " + suffix.encode() + b" file")
    with pytest.raises(InputError, match=str(f.name)):
        read_text(f)


# ---------------------------------------------------------------- language


def test_detect_language():
    assert detect_language(ZH) == "zh"
    assert detect_language("The Conference on Disarmament adopted CD/1864.") == "en"
    # a Chinese text full of symbols and numbers is still Chinese
    assert detect_language("根据 CD/1978 号文件所载 2014 年会议活动时间表进行的讨论；CD/2021 号文件") == "zh"
    with pytest.raises(InputError):
        detect_language("12 34 / 56")


# ---------------------------------------------------------------- DOCX round trip

DOCX_PARAS = [
    "关于防止外层空间军备竞赛的声明",
    "21 国集团(G-21)提交",
    "1. 21 国集团认为，空间技术确已成为我们日常生活中一个不可或缺的组成部分。",
    "2. 本集团重申，外层空间和其他天体是人类的共同遗产。",
    "伊利奥普洛斯先生(丹麦)：我非常荣幸代表欧洲联盟发言。",
]


def test_docx_round_trip(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in DOCX_PARAS:
        document.add_paragraph(text)
    document.add_paragraph("")  # empty paragraphs are skipped
    f = tmp_path / "statement.docx"
    document.save(str(f))

    lang, paragraphs = load_paragraphs(f)
    assert lang == "zh"
    assert [p.text for p in paragraphs] == DOCX_PARAS
    assert [p.kind for p in paragraphs] == ["title", "meta", "numbered", "numbered", "speaker"]
    assert paragraphs[4].label == "伊利奥普洛斯先生(丹麦)"


def test_docx_english_round_trip(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    long = "The Conference on Disarmament is the single multilateral disarmament negotiating forum. " * 3
    document.add_paragraph("The President: I declare open the 1261st plenary meeting.")
    document.add_paragraph(long.strip())
    document.add_paragraph(long.strip())
    f = tmp_path / "record.docx"
    document.save(str(f))
    lang, paragraphs = load_paragraphs(f)
    assert lang == "en"
    assert len(paragraphs) == 3  # long paragraphs stay separate: a Word paragraph is a paragraph
    # callers that rebuild paragraphs from read_text's string get the same paragraphs
    assert [p.text for p in paragraphs_from_text(read_text(f), "en")] == [p.text for p in paragraphs]
    assert paragraphs[0].kind == "speaker" and paragraphs[0].label == "The President"


# ---------------------------------------------------------------- PDF round trip

EN_PARAS = [
    "1. The Group of 21 believes that space technology has indeed become an integral part of our daily "
    "lives. Information, communications, banking, economic transactions, navigation and even political "
    "and strategic decision-making rely on space technology as never before.",
    "2. The Group reaffirms that outer space and other celestial bodies are the common heritage of "
    "mankind and must be used, explored and utilized for the benefit and in the interest of all mankind "
    "in a spirit of cooperation.",
    "3. The Group emphasizes the growing use of outer space and the need for transparency.",
]


def _fpdf():
    fpdf = pytest.importorskip("fpdf")
    return fpdf.FPDF


def test_pdf_english_round_trip(tmp_path):
    FPDF = _fpdf()

    class Doc(FPDF):
        def header(self):
            self.set_font("Helvetica", size=9)
            self.cell(0, 5, "CD/PV.1261", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 5, f"{self.page_no()} GE.12-63627")

    pdf = Doc()
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 10, "Statement on outer space", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for text in EN_PARAS * 4:  # long enough to run over a page break
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    f = tmp_path / "record.pdf"
    pdf.output(str(f))

    lang, paragraphs = load_paragraphs(f)
    assert lang == "en"
    assert paragraphs[0].text == "Statement on outer space" and paragraphs[0].kind == "title"
    body = paragraphs[1:]
    assert [p.text for p in body] == EN_PARAS * 4
    assert all(p.kind == "numbered" for p in body)
    for p in paragraphs:
        assert "GE.12" not in p.text and "CD/PV" not in p.text and "\n" not in p.text


def _zh_font() -> str | None:
    if not shutil.which("fc-list"):
        return None
    out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        path = line.split(":")[0].strip()
        if path.lower().endswith((".ttf", ".otf", ".ttc")):
            return path
    return None


def test_pdf_chinese_round_trip(tmp_path):
    FPDF = _fpdf()
    font = _zh_font()
    if font is None:
        pytest.skip("no CJK font on this system (fc-list :lang=zh finds none); fpdf2 cannot write Chinese")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("zh", fname=font)
    pdf.set_font("zh", size=11)
    paras = [
        "1. 21 国集团认为，空间技术确已成为我们日常生活中一个不可或缺的组成部分。信息、通信、银行业务、"
        "经济交易、导航乃至政治和战略决策都前所未有地依赖空间技术，而空间技术本身也正在迅速发展。",
        "2. 本集团重申，外层空间和其他天体是人类的共同遗产，必须本着合作精神，为全人类的福祉和利益加以"
        "利用、探索和使用。",
    ]
    for text in paras:  # Chinese wraps at any character, as in a real Chinese PDF
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")
        pdf.ln(3)
    f = tmp_path / "zh.pdf"
    pdf.output(str(f))
    lang, paragraphs = load_paragraphs(f)
    assert lang == "zh"
    assert [p.text for p in paragraphs] == paras


def test_pdf_without_text_layer(tmp_path):
    FPDF = _fpdf()
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    f = tmp_path / "scan.pdf"
    pdf.output(str(f))
    with pytest.raises(InputError, match="no text layer"):
        read_text(f)
