"""The scale benchmark's copies: repeated ones for the DP, distinct ones so that nothing is cached."""

from benchmarks.speed import copies


def test_distinct_copies_repeat_no_string_and_keep_the_first_copy():
    zh, en = ["第一句。", "第二句。"], ["One.", "Two."]
    assert copies(en, 3, False, "en") == en * 3
    many = copies(zh, 3, True, "zh")
    assert len(many) == 6 and len(set(many)) == 6 and many[:2] == zh
    assert copies(en, 2, True, "en")[2:] == ["One. (1)", "Two. (1)"]
