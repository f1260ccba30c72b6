"""HTML: one self-contained page with both texts side by side, for reading an alignment in a browser.

One pair per table row: id, the Chinese (``lang="zh-Hans"``, so browsers and screen readers pick Chinese
fonts and voices) and the English (``lang="en"``), the confidence shaded from red to green, and a review
column. Unmatched and low-confidence pairs that nobody has reviewed yet are marked, and a "needs review"
filter (a checkbox, or ``?review`` in the address) hides every other row, reviewed ones included. No
request leaves the page: styles and script are inline and a Content-Security-Policy forbids the rest.
"""

from __future__ import annotations

from pathlib import Path

from core.records import AlignedPair
from formats.pairs._common import low_confidence, xml_safe

NAME = "html"
EXTENSIONS = (".html", ".htm")
BINARY = False
READABLE = False
KEEPS_UNMATCHED = True

REVIEWED = ("approved", "edited", "rejected")

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #ccc; padding: .35em .5em; vertical-align: top; text-align: left; }
th { background: #d9e1f2; position: sticky; top: 0; }
col.id { width: 4em; } col.conf { width: 7.5em; } col.note { width: 9em; }
td:lang(zh-Hans) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
tr.review td.note { font-weight: bold; color: #9c2a00; }
tr.unmatched td.text:empty { background: #f8cbad; }
tr.rejected td.text { color: #888; text-decoration: line-through; }
tr.hidden { display: none; }
.summary { color: #555; }
</style>
</head>
<body data-ready="0">
<h1>{{ title }}</h1>
<p class="summary">{{ pairs|length }} pairs, {{ review_count }} need review{% if level %} ({{ level }} level){% endif %}.</p>
<p><label><input type="checkbox" id="needs-review"> show only the pairs that need review</label></p>
<table>
<colgroup><col class="id"><col><col><col class="conf"><col class="note"></colgroup>
<thead><tr><th>id</th><th lang="zh-Hans">中文 ({{ zh_tag }})</th><th>English ({{ en_tag }})</th><th>confidence</th><th>review</th></tr></thead>
<tbody>
{% for r in rows -%}
<tr class="pair{% if r.review %} review{% endif %}{% if r.unmatched %} unmatched{% endif %}{% if r.status %} {{ r.status }}{% endif %}" data-review="{{ 1 if r.review else 0 }}">
<td>{{ r.id }}</td><td class="text" lang="zh-Hans">{{ r.zh }}</td><td class="text" lang="en">{{ r.en }}</td><td class="conf" style="background: hsl({{ r.hue }}, 70%, 82%)">{{ "%.2f"|format(r.confidence) }}</td><td class="note">{{ r.note }}</td>
</tr>
{% endfor -%}
</tbody>
</table>
<script>
(function () {
  var box = document.getElementById("needs-review");
  function apply() {
    var rows = document.querySelectorAll("tr.pair");
    for (var i = 0; i < rows.length; i++) {
      var hide = box.checked && rows[i].getAttribute("data-review") !== "1";
      rows[i].className = rows[i].className.replace(/ hidden\\b/, "") + (hide ? " hidden" : "");
    }
  }
  box.addEventListener("change", apply);
  if (/[?&]review\\b/.test(location.search)) { box.checked = true; }
  apply();
  document.body.setAttribute("data-ready", "1");
  window.addEventListener("load", function () {  // what the page fetched besides itself (Resource Timing)
    document.body.setAttribute("data-requests", String(performance.getEntriesByType("resource").length));
  });
})();
</script>
</body>
</html>
"""


def _row(p: AlignedPair) -> dict:
    unmatched = not p.zh_ids or not p.en_ids or not p.zh.strip() or not p.en.strip()
    low = low_confidence(p)
    reviewed = p.status in REVIEWED
    note = p.status or ("unmatched" if unmatched else "low confidence" if low else "")
    return {"id": p.id, "zh": xml_safe(p.zh), "en": xml_safe(p.en), "confidence": float(p.confidence),
            "hue": round(120 * max(0.0, min(1.0, float(p.confidence)))), "unmatched": unmatched,
            "review": (unmatched or low) and not reviewed, "status": p.status, "note": note}


def dumps(pairs: list[AlignedPair], *, level: str = "paragraph") -> str:
    from jinja2 import Environment

    from core.records import EN_TAG, ZH_TAG

    zh_files = sorted({p.zh_file for p in pairs if p.zh_file})
    en_files = sorted({p.en_file for p in pairs if p.en_file})
    title = "Aligned pairs" + (f": {', '.join(zh_files)} ↔ {', '.join(en_files)}" if zh_files or en_files else "")
    rows = [_row(p) for p in pairs]
    template = Environment(autoescape=True).from_string(_PAGE)
    return template.render(title=title, pairs=pairs, rows=rows, level=level, zh_tag=ZH_TAG, en_tag=EN_TAG,
                           review_count=sum(1 for r in rows if r["review"]))


def write(pairs: list[AlignedPair], path: Path, *, level: str = "paragraph") -> None:
    Path(path).write_text(dumps(pairs, level=level), encoding="utf-8", newline="\n")
