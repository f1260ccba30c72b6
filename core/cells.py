"""Spreadsheet cells that stay text: no live formula in any XLSX or CSV glossalign writes.

Text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel and LibreOffice
evaluate as a formula (CSV/formula injection). In XLSX the cure is the cell type: `text_only(workbook)` makes
every cell that openpyxl took for a formula a string cell again (the text is kept exactly). In CSV there is
no cell type, so `csv_protect` adds the common ``'`` prefix and `csv_unprotect` removes it on reading;
``csv_unprotect(csv_protect(t)) == t`` for every string.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_only(workbook) -> None:
    """Turn every formula cell of an openpyxl `workbook` (about to be saved) into a string cell."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def csv_protect(value):
    """A CSV cell that a spreadsheet shows as the text `value` (strings only; other values unchanged)."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_unprotect(value):
    """The text `csv_protect` was given."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value
