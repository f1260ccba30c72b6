"""Hostile files for the resource-limit figures in BENCHMARKS.md, made on demand (never committed).

    python -m benchmarks.hostile_files docx-bomb OUT.docx [SIZE]     # document.xml inflates to SIZE (500 MB)
    python -m benchmarks.hostile_files pdf-bomb OUT.pdf [SIZE]       # one page's content decodes to SIZE (200 MB)
    python -m benchmarks.hostile_files claim-rows SHEET.xlsx OUT.xlsx # the glossary sheet claims 1,048,576 rows

The bomb is written in blocks (never held whole). The claim rewrites a curation sheet the way Excel leaves it
after whole columns were formatted: the dimension says A1:L1048576 and an empty styled row sits at the bottom.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile


def docx_bomb(out: str, size: int = 500_000_000) -> None:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(buf)
    block = (b"<w:p><w:r><w:t>" + "裁军谈判会议".encode() * 100 + b"</w:t></w:r></w:p>") * 1000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "word/document.xml":
                z.writestr(info, data)
                continue
            head, _, tail = data.partition(b"<w:body>")
            with z.open("word/document.xml", "w", force_zip64=True) as fh:
                fh.write(head + b"<w:body>")
                for _ in range(size // len(block) + 1):
                    fh.write(block)
                fh.write(tail)


def pdf_bomb(out: str, size: int = 200_000_000) -> None:
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import EncodedStreamObject, NameObject

    comp, parts = zlib.compressobj(9), []
    chunk = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * 30000
    for _ in range(size // len(chunk) + 1):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    stream = EncodedStreamObject()
    stream._data = b"".join(parts)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    with open(out, "wb") as fh:
        writer.write(fh)


def claim_rows(sheet: str, out: str, rows: int = 1_048_576) -> None:
    zin = zipfile.ZipFile(sheet)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'<dimension ref="[^"]+"/>', f'<dimension ref="A1:L{rows}"/>', data.decode())
                text = text.replace("</sheetData>", f'<row r="{rows}" customFormat="1"><c r="B{rows}"/></row></sheetData>')
                data = text.encode()
            z.writestr(info, data)


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    if what == "docx-bomb":
        docx_bomb(args[0], int(args[1]) if len(args) > 1 else 500_000_000)
    elif what == "pdf-bomb":
        pdf_bomb(args[0], int(args[1]) if len(args) > 1 else 200_000_000)
    elif what == "claim-rows":
        claim_rows(args[0], args[1])
    else:
        sys.exit(__doc__)
