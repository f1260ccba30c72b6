"""Helpers shared by the format modules: the column order, id lists, XML-safe text."""

from __future__ import annotations

from core.cells import xml_clean, xml_illegal_count
from core.fsutil import warn
from core.records import AlignedPair

COLUMNS = ["id", "zh", "en", "confidence", "kind", "zh_ids", "en_ids", "zh_file", "en_file"]

def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 (and so XLSX and TMX) cannot hold (`core.cells`)."""
    return xml_clean(text)


def warn_xml_illegal(pairs: list[AlignedPair], path, what: str) -> None:
    """Say how many characters XML cannot hold were left out of the file written at `path`."""
    n = xml_illegal_count(t for p in pairs for t in (p.zh, p.en, p.zh_file, p.en_file, str(p.id)))
    if n:
        warn(f"{path}: {n} control character{'s' if n > 1 else ''} that {what} cannot hold left out")


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
