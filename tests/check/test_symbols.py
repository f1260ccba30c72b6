"""check.symbols: UN document symbols and resolution numbers."""

from __future__ import annotations

import pytest

from check.symbols import extract_symbols, symbol_spans, unmatched


def keys(text):
    return [s.key for s in extract_symbols(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A/RES/73/30", ["A/RES/73/30"]),
        ("document CD/1864.", ["CD/1864"]),
        ("CD/PV.1261", ["CD/PV.1261"]),
        ("A/75/802", ["A/75/802"]),
        ("NPT/CONF.2020/PC.III/WP.1", ["NPT/CONF.2020/PC.III/WP.1"]),
        ("S/RES/1540 (2004)", ["S/RES/1540(2004)"]),
        ("A/C.1/75/L.1", ["A/C.1/75/L.1"]),
        ("第 73/30 号决议", ["73/30"]),
        ("resolution 73/30", ["73/30"]),
        ("第 1540(2004)号决议", ["1540(2004)"]),
        ("resolution 1540 (2004)", ["1540(2004)"]),
        ("S/2021/…", ["S/2021/…"]),
    ],
)
def test_extract(text, expected):
    assert keys(text) == expected


def test_page_furniture_ignored():
    assert keys("GE.12-63627") == []
    assert symbol_spans("GE.12-63627 x") == [(0, 11)]


def test_ordinary_slashes_are_not_symbols():
    assert keys("and/or, he/she") == []
    assert keys("the Group (G-21) and 2019") == []


def test_resolution_symbol_matches_worded_number():
    zh = extract_symbols("大会第 73/30 号决议")
    en = extract_symbols("resolution A/RES/73/30")
    assert unmatched(zh, en) == [] and unmatched(en, zh) == []


def test_different_numbers_do_not_match():
    zh = extract_symbols("第 73/30 号决议")
    en = extract_symbols("resolution 73/31")
    assert [s.key for s in unmatched(zh, en)] == ["73/30"]
    assert [s.key for s in unmatched(en, zh)] == ["73/31"]


def test_security_council_forms_match():
    assert unmatched(extract_symbols("第 1540(2004)号决议"), extract_symbols("S/RES/1540 (2004)")) == []
