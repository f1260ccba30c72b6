"""The shipped base glossary: loads, one row per Chinese term, every row complete and categorised."""

from __future__ import annotations

from collections import Counter

from glossary.base import CATEGORIES, base_lookup, base_terms, load_base_glossary, load_base_rows


def test_loads_a_few_hundred_approved_base_entries():
    entries = load_base_glossary()
    assert 200 <= len(entries) <= 400
    assert all(e.status == "approved" and e.en_source == "base" for e in entries)


def test_no_duplicate_chinese_terms():
    counts = Counter(row.zh for row in load_base_rows())
    assert [zh for zh, n in counts.items() if n > 1] == []


def test_every_row_has_english_a_valid_category_and_a_source_note():
    for row in load_base_rows():
        assert row.en.strip(), row.zh
        assert row.category in CATEGORIES, (row.zh, row.category)
        assert row.note, row.zh
        assert "|" not in row.en and all(v.strip() for v in row.variants)


def test_core_terms_and_abbreviations():
    lookup = base_lookup()
    assert lookup["不扩散核武器条约"].abbreviation == "NPT"
    assert lookup["裂变材料禁产条约"].abbreviation == "FMCT"
    assert lookup["防止外层空间军备竞赛"].abbreviation == "PAROS"
    assert lookup["消极安全保证"].en == "negative security assurances"
    assert lookup["21国集团"].en == "Group of 21"
    assert "Non-Proliferation Treaty" in lookup["不扩散核武器条约"].variants
    assert lookup["工作方案"].avoid  # a rendering to flag


def test_chinese_short_forms_point_at_their_full_entry():
    lookup = base_lookup()
    assert lookup["裁谈会"].en == "Conference on Disarmament"
    assert lookup["裁谈会"].abbreviation == "CD"
    assert lookup["裁研所"].en == "United Nations Institute for Disarmament Research"
    # a full form keeps its own row even where another row names it as a short form
    assert lookup["曼谷条约"].en == "Treaty of Bangkok"


def test_base_terms_longest_first():
    terms = base_terms()
    assert len(terms) == len(set(terms)) == len(base_lookup())
    assert all(len(a) >= len(b) for a, b in zip(terms, terms[1:], strict=False))
