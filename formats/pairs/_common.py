"""Helpers shared by the format modules: the column order, id lists, XML-safe text."""

from __future__ import annotations

import re

from core.records import AlignedPair

COLUMNS = ["id", "zh", "en", "confidence", "kind", "zh_ids", "en_ids", "zh_file", "en_file"]

# Characters XML 1.0 (and so XLSX and TMX) cannot hold: C0 controls except tab, newline, carriage return.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def join_ids(ids: list[str]) -> str:
    return ",".join(ids)


def split_ids(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def low_confidence(pair: AlignedPair, threshold: float = 0.5) -> bool:
    """Pairs a reviewer should look at: unmatched (one side empty) or confidence below the threshold."""
    return not pair.zh_ids or not pair.en_ids or pair.confidence < threshold


def pair_from_row(row: dict) -> AlignedPair:
    conf = row.get("confidence")
    return AlignedPair(
        id=str(row.get("id") or ""),
        zh=str(row.get("zh") or ""),
        en=str(row.get("en") or ""),
        zh_ids=split_ids(row.get("zh_ids")),
        en_ids=split_ids(row.get("en_ids")),
        confidence=float(conf) if conf not in (None, "") else 0.0,
        zh_file=str(row.get("zh_file") or ""),
        en_file=str(row.get("en_file") or ""),
        status=str(row.get("status") or ""),
    )
