"""Read a document into one string: text extracted from PDF (.txt), Word (.docx) or a PDF's text layer.

Nothing here guesses silently. A .txt file must decode as UTF-8 (with or without a BOM) or as GB18030;
bytes that are neither are an error, never a best-effort decode with replacement characters. Kept
libraries do the container formats: python-docx for .docx, pdfplumber (pypdf as fallback) for .pdf.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from core.errors import InputError
from core.limits import check_zip_size

SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".pdf")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def read_text(path: str | Path) -> str:
    """Return the text of `path` (.txt, .docx or .pdf) with Unix newlines.

    Raises InputError (one line, naming the file) for a missing file, a directory, an unsupported
    extension, an empty or binary file, bytes that decode as neither UTF-8 nor GB18030, a broken
    .docx/.pdf, or a document with no text at all.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a document")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(no extension)"
        raise InputError(
            f"{path}: unsupported file type {shown}; give a {', '.join(SUPPORTED_SUFFIXES)} file"
        )
    if path.stat().st_size == 0:
        raise InputError(f"{path}: file is empty")
    if suffix == ".docx":
        text = _read_docx(path)
    elif suffix == ".pdf":
        text = _read_pdf(path)
    else:
        text = decode_bytes(path.read_bytes(), str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: no text in the file (only whitespace)")
    return text


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode plain-text bytes as UTF-8 (BOM or not) or GB18030; anything else is an InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: is UTF-16 text; save it as UTF-8 (or GB18030) and try again")
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: has a UTF-8 BOM but bytes at {exc.start} are not UTF-8") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(f"{name}: cannot decode the text: it is neither UTF-8 nor GB18030") from None
    if not _plausible_text(text):
        raise InputError(
            f"{name}: cannot decode the text: it is not UTF-8, and as GB18030 it gives unlikely characters"
        )
    return text


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(head) // 100)


def _plausible_text(text: str) -> bool:
    """GB18030 decodes many byte strings; accept it only when most characters are everyday ones."""
    sample = [c for c in text[:20000] if not c.isspace()]
    if not sample:
        return True
    good = 0
    for c in sample:
        if (
            c.isascii()
            or _CJK.match(c)
            or unicodedata.category(c).startswith("P")
            or "\uff00" <= c <= "\uffef"
        ):
            good += 1
    if good / len(sample) < 0.9:
        return False
    # Chinese text keeps to the common hanzi of GB2312; other CJK encodings (Shift-JIS, Big5) decoded as
    # GB18030 land on rare ones (Shift-JIS kana become 偺 偼 傞 ...).
    hanzi = [c for c in sample if _CJK.match(c)]
    if len(hanzi) >= 5:
        common = 0
        for c in hanzi:
            try:
                common += 0xB0 <= c.encode("gb2312")[0] <= 0xF7
            except UnicodeEncodeError:
                pass
        return common / len(hanzi) >= 0.8
    return True


def _read_docx(path: Path) -> str:
    try:
        import docx
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .docx needs python-docx: pip install python-docx") from None
    check_zip_size(path, ".docx file")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError variants
        raise InputError(f"{path}: not a readable .docx file ({type(exc).__name__})") from None
    blocks = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                blocks.append(cell.text.strip())
    # One paragraph per line, a blank line between, and the trailing space that marks a paragraph end in
    # PDF-extracted text: paragraphs_from_text keeps them apart too (load_paragraphs takes them as they are).
    return "\n\n".join(" ".join(b.split()) + " " for b in blocks if b)


def _read_pdf(path: Path) -> str:
    pages: list[str] = []
    try:
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
    except Exception as first:  # pdfplumber failed: try pypdf before giving up
        try:
            from pypdf import PdfReader

            reader = PdfReader(str(path))
            pages = [page.extract_text() or "" for page in reader.pages]
        except Exception:
            raise InputError(f"{path}: not a readable PDF ({type(first).__name__})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text layer (scanned image?); run OCR first")
    return text


def detect_language(text: str) -> str:
    """Return "zh" or "en" from the script of the text; InputError when it has no letters at all."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 and latin == 0:
        raise InputError("cannot tell the language: the text has no Chinese or Latin letters; pass --lang")
    # A Chinese character carries about as much as a short English word (~4 letters).
    return "zh" if cjk * 4 >= latin else "en"
