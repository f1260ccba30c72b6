"""Read a document into one string: plain text, Word (.docx) or a PDF's text layer.

The content decides, not the name: a file is sniffed for a PDF header (``%PDF-``), a Word zip
(``word/document.xml`` inside) or text, so a file without an extension (``README``) or with an unknown one
is read for what it is, and a PDF saved as ``.txt`` is read as a PDF, never as text. A name that promises a
container the bytes are not (``report.pdf`` holding text) is refused. Other containers (old ``.doc``, RTF,
an Excel workbook, any other zip) are refused with what to do.

Nothing here guesses silently. Text must decode as UTF-8 (with or without a BOM), as UTF-16 or UTF-32 with
a BOM (what Notepad and Word save as "Unicode text"), or as GB18030; for bytes that are not UTF-8,
charset-normalizer judges whether GB18030 is among the plausible encodings, and when it is not the error
names the encoding the bytes look like. UTF-16 without a BOM is taken only when its NUL bytes say so
unambiguously (`_utf16_without_bom`); other bytes with NULs are refused as binary. Kept libraries do the container formats:
python-docx for .docx, pdfplumber (pypdf as fallback) for .pdf.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from core.errors import InputError
from core.limits import DOCX_CAP, PDF_CAP, check_zip_size, refuse_inflating

# the extensions named in messages; any other name is read by its content
SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".pdf")
_CONTAINER_SUFFIXES = {".docx": "docx", ".pdf": "pdf"}
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "hz", "cp936"}

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def sniff(path: Path) -> str:
    """What the bytes of `path` are: "pdf", "docx", "text", or another kind the caller refuses.

    Other kinds: "doc" (OLE2, old Word), "rtf", "xlsx", "zip" (any other zip archive).
    """
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:  # the PDF header may follow a few bytes of junk
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    return "text"


_REFUSED = {
    "doc": "an old Word .doc file; save it as .docx (or as UTF-8 text) and try again",
    "rtf": "an RTF file; save it as .docx (or as UTF-8 text) and try again",
    "xlsx": "an Excel workbook, not a document; give the document (.txt, .docx or .pdf)",
    "zip": "a zip archive, not a document; give the document (.txt, .docx or .pdf)",
}


def read_text(path: str | Path) -> str:
    """Return the text of `path` (text, .docx or .pdf, told apart by content) with Unix newlines.

    Raises InputError (one line, naming the file) for a missing file, a directory, a container that is not
    a document, a name that promises a container the content is not, an empty or binary file, bytes that
    decode as none of UTF-8, UTF-16/UTF-32 with a BOM, BOM-less UTF-16 (`_utf16_without_bom`) or GB18030,
    a broken .docx/.pdf, or a document with no text at all.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a document")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: file is empty")
    kind = sniff(path)
    if kind in _REFUSED:
        raise InputError(f"{path}: {_REFUSED[kind]}")
    promised = _CONTAINER_SUFFIXES.get(path.suffix.lower())
    if promised and kind != promised:
        raise InputError(f"{path}: named {path.suffix} but the content is not a {promised.upper()} file "
                         f"(it is {'text' if kind == 'text' else kind}); not a readable {path.suffix} file")
    if kind == "docx":
        text = _read_docx(path)
    elif kind == "pdf":
        text = _read_pdf(path)
    else:
        text = decode_bytes(path.read_bytes(), str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: no text in the file (only whitespace)")
    return text


# BOMs, longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode plain-text bytes: UTF-8, UTF-16 or UTF-32 with a BOM, UTF-8 without one, UTF-16 without one
    when its NUL bytes are unambiguous, else GB18030; anything else (binary, undecodable) is an InputError."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: has a {label} BOM but the bytes at {exc.start + len(bom)} are not "
                                 f"{label} ({exc.reason}); save it again as UTF-8") from None
            if _binary_text(text):
                raise InputError(f"{name}: looks like a binary file, not text")
            return text
    if b"\x00" in data[:8192]:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(f"{name}: looks like a binary file, not text")
        return text
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(f"{name}: cannot decode the text: it is neither UTF-8 nor GB18030") from None
    looks_like = _gb18030_plausible(data)
    if looks_like is not None:
        raise InputError(
            f"{name}: cannot decode the text: it is not UTF-8, and GB18030 gives unlikely characters "
            f"(the bytes look like {looks_like}); save it as UTF-8 and try again"
        )
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of BOM-less UTF-16 bytes, or None when the NUL bytes do not say UTF-16 unambiguously.

    Unambiguous means: an even number of bytes; in the first 8 KiB, at least two NUL bytes, and at least
    four times as many on one side of the code units (odd offsets: little-endian; even: big-endian) as on
    the other, with no code unit of two NULs. The ASCII characters of a text (letters, digits, spaces,
    newlines) give a NUL high byte; a Chinese character has one only as its low byte, and only for the
    1 in 256 code points that end in 00 (一 is U+4E00). Then the whole must decode strictly in that byte
    order; the text holds no NUL and no more control or
    unprintable characters than a text would (`_binary_text`); and at least 95% of its first 8 KiB of
    characters are ASCII, Latin-1, CJK ideographs or CJK/fullwidth/general punctuation (random bytes read
    as UTF-16 land all over the Basic Multilingual Plane). Anything else with NULs is binary: a Japanese
    or Korean BOM-less UTF-16 file among them, which this Chinese-English tool does not read anyway.
    """
    if len(data) % 2:
        return None
    head = data[:8192]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if max(even, odd) < 2 or max(even, odd) < 4 * min(even, odd):
        return None
    try:
        text = data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None
    if _binary_text(text):
        return None
    sample = text[:4096]
    usual = sum(1 for c in sample if _USUAL.match(c))
    return text if usual >= 0.95 * len(sample) else None


# the characters of a Chinese or English text (for BOM-less UTF-16): ASCII, Latin-1, general punctuation,
# CJK punctuation, CJK ideographs (extension A, unified, compatibility), full-width forms
_USUAL = re.compile(r"[\t\n\r\x0c\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf"
                    r"\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _binary_text(text: str) -> bool:
    """Decoded text that is not text: a NUL, or more control/unprintable characters than `_looks_binary` lets
    through (unassigned and private-use code points count: binary read as UTF-16 is full of them)."""
    head = text[:8192]
    if "\x00" in head:
        return True
    odd = sum(1 for c in head if not c.isprintable() and c not in "\t\n\x0c\r\u3000\u00a0\u2028\u2029\ufeff")
    return odd > max(2, len(head) // 100)


def _gb18030_plausible(data: bytes) -> str | None:
    """None when charset-normalizer counts a GB encoding among the plausible ones, else its best guess."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:65536])
    if any(m.encoding in _GB_FAMILY for m in matches):
        return None
    best = matches.best()
    return best.encoding if best is not None else "no known encoding"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(head) // 100)


def _read_docx(path: Path) -> str:
    try:
        import docx
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .docx needs python-docx: pip install python-docx") from None
    check_zip_size(path, ".docx file", DOCX_CAP)
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


def _check_pdf_size(path: Path) -> None:
    """Refuse a PDF whose page content streams decode past the limit (`core.limits`), before pdfplumber
    decodes them: pypdf decodes each stream once, bounding each stream itself (LimitReachedError)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import LimitReachedError
    except ImportError:  # pragma: no cover - a declared dependency
        return
    size = path.stat().st_size
    total = 0
    try:
        reader = PdfReader(str(path))
        for page in reader.pages:
            contents = page.get_contents()
            total += len(contents.get_data()) if contents is not None else 0
            refuse_inflating(path, "PDF", size, total, PDF_CAP)
    except LimitReachedError:
        raise InputError(f"{path}: a content stream of the PDF decodes past pypdf's limit; refused (a PDF bomb?)") from None
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot walk is left to the readers below, which say so
        return


def _read_pdf(path: Path) -> str:
    _check_pdf_size(path)
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
    cjk = _count_chars(_CJK_RUN, text)
    latin = _count_chars(_LATIN_RUN, text)
    if cjk == 0 and latin == 0:
        raise InputError("cannot tell the language: the text has no Chinese or Latin letters; pass --lang")
    # A Chinese character carries about as much as a short English word (~4 letters).
    return "zh" if cjk * 4 >= latin else "en"


_CJK_RUN = re.compile(_CJK.pattern + "+")
_LATIN_RUN = re.compile(_LATIN.pattern + "+")


def _count_chars(run: re.Pattern, text: str, chunk: int = 1 << 16) -> int:
    """How many characters of `text` the runs of one character class (`run`, a class with `+`) cover,
    counted a slice at a time: a findall of single characters over the whole text would hold one string
    object per character (about 80 bytes each: 500 MiB for a 20 MB Chinese document). A run cut at a slice
    end is counted in two pieces, so the total is exact."""
    return sum(len(m) for at in range(0, len(text), chunk) for m in run.findall(text, at, at + chunk))
