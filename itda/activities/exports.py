"""Spreadsheet files for downloads: CSV (UTF-8 with BOM, which Korean Excel needs) and XLSX,
both escaping anything a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """A text cell starting with = + - @ (or a tab or carriage return) is written as text, with
    a leading apostrophe, so `=HYPERLINK(...)` typed into a title never runs (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else escape_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "명단") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([escape_cell(h) for h in header])
    for row in rows:
        ws.append(["" if v is None else escape_cell(v) for v in row])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    # Escaped values begin with an apostrophe, so openpyxl stores them as strings, never formulas.
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
