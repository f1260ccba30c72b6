"""One declaration-like UN text, in Chinese and English, written out in each layout documents come in.

The paragraphs (title, subtitle, preamble, `Chapter I` / `第一章`, `Article 1` / `第一条` headings, numbered
paragraphs, list items, `Annex` / `附件`) are the same in every layout, so a test can ask that each layout
gives them back. The layouts are the ways real UN text reaches a translator:

* `pdf`: the seeds' PDF text: hard-wrapped, a blank line after every line, a trailing space ending each
  paragraph, page furniture (symbol, job number, page number, running title) where the page breaks;
* `blank_wrapped` / `blank_unwrapped`: paragraphs separated by blank lines, hard-wrapped or not;
* `hard`: hard-wrapped with no blank lines (pdftotext's default);
* `lines`: one paragraph a line (Word or a web page saved as text).
"""

from __future__ import annotations

import textwrap
import unicodedata

ZH = [
    "关于加强国际合作防止外层空间军备竞赛的宣言",
    "大会第七十九届会议通过",
    "大会，",
    "回顾其关于防止外层空间军备竞赛的各项决议，包括 2023 年 12 月 4 日第 78/20 号决议，",
    "重申所有国家都有权依照国际法为和平目的探索和利用外层空间，",
    "深信进一步采取措施防止外层空间军备竞赛将大大有助于加强国际和平与安全，",
    "庄严宣布：",
    "第一章",
    "一般原则",
    "第一条",
    "1. 外层空间的探索和利用应为所有国家谋福利和利益，不论其经济或科学发展程度如何，并应是全人类的事业。",
    "2. 各国应在探索和利用外层空间的活动中遵守国际法，包括《联合国宪章》和《外层空间条约》。",
    "第二条",
    "1. 各国承诺不在外层空间部署任何武器，不对外层空间物体使用或威胁使用武力。",
    "2. 为此目的，各国应：",
    "(a) 提供关于其外层空间政策和活动的资料；",
    "(b) 在发射前通知计划进行的发射活动；",
    "(c) 就可能对其他国家的和平活动造成有害干扰的活动进行协商。",
    "第二章",
    "透明度和建立信任措施",
    "第三条",
    "各国应考虑采取透明度和建立信任措施，包括交流信息、访问发射场地和邀请观察员，以增进相互信任并减少误解和误判的风险。",
    "第四条",
    "1. 秘书长应在现有资源范围内协助各国执行本宣言，并向大会第八十一届会议提交报告。",
    "2. 本宣言的执行情况应在裁军谈判会议和联合国裁军审议委员会的工作中予以审查。",
    "附件",
    "透明度和建立信任措施清单",
    "1. 交流关于国家外层空间政策的资料，包括军事空间开支和研究方案的资料。",
    "2. 通知即将进行的发射、机动和可能危及其他国家空间物体安全的高风险活动。",
]

EN = [
    "Declaration on strengthening international cooperation to prevent an arms race in outer space",
    "Adopted by the General Assembly at its seventy-ninth session",
    "The General Assembly,",
    "Recalling its resolutions on the prevention of an arms race in outer space, including resolution 78/20 "
    "of 4 December 2023,",
    "Reaffirming the right of all States to explore and use outer space for peaceful purposes in "
    "accordance with international law,",
    "Convinced that further measures to prevent an arms race in outer space would contribute greatly to "
    "the strengthening of international peace and security,",
    "Solemnly declares:",
    "Chapter I",
    "General principles",
    "Article 1",
    "1. The exploration and use of outer space shall be carried out for the benefit and in the interests "
    "of all countries, irrespective of their degree of economic or scientific development, and shall be "
    "the province of all mankind.",
    "2. States shall carry out their activities in the exploration and use of outer space in accordance "
    "with international law, including the Charter of the United Nations and the Outer Space Treaty.",
    "Article 2",
    "1. States undertake not to place any weapons in outer space and not to resort to the threat or use "
    "of force against outer space objects.",
    "2. To that end, States should:",
    "(a) Provide information on their outer space policies and activities;",
    "(b) Notify planned launches in advance;",
    "(c) Consult on activities that might cause harmful interference with the peaceful activities of "
    "other States.",
    "Chapter II",
    "Transparency and confidence-building measures",
    "Article 3",
    "States should consider transparency and confidence-building measures, including exchanges of "
    "information, visits to launch sites and invitations to observers, in order to build mutual trust and "
    "reduce the risk of misunderstanding and miscalculation.",
    "Article 4",
    "1. The Secretary-General shall, within existing resources, assist States in implementing the present "
    "Declaration and report to the General Assembly at its eighty-first session.",
    "2. The implementation of the present Declaration shall be reviewed in the work of the Conference on "
    "Disarmament and the United Nations Disarmament Commission.",
    "Annex",
    "List of transparency and confidence-building measures",
    "1. Exchange of information on national outer space policies, including military space expenditure "
    "and research programmes.",
    "2. Notification of upcoming launches, manoeuvres and high-risk activities that could endanger the "
    "safety of the space objects of other States.",
]

LAYOUTS = ("pdf", "blank_wrapped", "blank_unwrapped", "hard", "lines")
FURNITURE = {"zh": ["A/RES/79/999", "24-12345 (C)", "{page}/4"], "en": ["A/RES/79/999", "24-12345", "{page}/4"]}


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def wrap(text: str, lang: str, width: int) -> list[str]:
    """Greedy wrapping: English at spaces, Chinese at any character (by display width)."""
    if lang == "en":
        return textwrap.wrap(text, width, break_on_hyphens=False)
    lines, cur = [], ""
    for ch in text:
        if _width(cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + ([cur] if cur else [])


def render(paragraphs: list[str], lang: str, layout: str, width: int | None = None) -> str:
    """The paragraphs written out in `layout` (see the module doc)."""
    width = width or (76 if lang == "zh" else 84)
    if layout == "lines":
        return "\n".join(paragraphs) + "\n"
    if layout == "blank_unwrapped":
        return "\n\n".join(paragraphs) + "\n"
    wrapped = [wrap(p, lang, width) for p in paragraphs]
    if layout == "blank_wrapped":
        return "\n\n".join("\n".join(lines) for lines in wrapped) + "\n"
    if layout == "hard":
        return "\n".join(line for lines in wrapped for line in lines) + "\n"
    assert layout == "pdf", layout
    out, page, on_page = [], 1, 0
    for lines in wrapped:
        for k, line in enumerate(lines):
            last = k == len(lines) - 1
            out.append(line + (" " if last else ""))
            on_page += 1
            if on_page == 14:  # a page breaks, inside a paragraph or not
                out.extend(f"{f.format(page=page)} " for f in FURNITURE[lang])
                page, on_page = page + 1, 0
    return "\n\n".join(out) + "\n"


_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1..99 in Chinese numerals, as in `第十二条`."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens] + "十")) + (_ZH_DIGITS[ones] if ones else "")


def unpc_documents(root, start: int, count: int, per_paragraph: int = 2) -> tuple[list[str], list[str]]:
    """A Chinese and an English document assembled from `count` real UN sentence pairs of the UNPC
    development set (`root`, one sentence a line) from line `start`: `per_paragraph` consecutive sentences
    make a paragraph, numbered `1.`, `2.`... under an `Article N` / `第N条` heading every four paragraphs."""
    from pathlib import Path

    zh_lines = Path(root, "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()[start : start + count]
    en_lines = Path(root, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[start : start + count]
    zh_doc, en_doc = [], []
    for k in range(0, count - per_paragraph + 1, per_paragraph):
        n = k // per_paragraph
        if n % 4 == 0:
            zh_doc.append(f"第{zh_number(n // 4 + 1)}条")
            en_doc.append(f"Article {n // 4 + 1}")
        zh = "".join(s.strip() for s in zh_lines[k : k + per_paragraph])
        en = " ".join(s.strip() for s in en_lines[k : k + per_paragraph])
        zh_doc.append(f"{n % 4 + 1}. {zh}")
        en_doc.append(f"{n % 4 + 1}. {en}")
    return zh_doc, en_doc
