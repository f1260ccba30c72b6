"""False alarms and injected-error recall of the QA checks on real UN translations (UNPC v1.0 sentence pairs).

    glossalign bench qa [UNPC_DIR] [--seed 13] [--copies 300] [--similarity]

UNPC_DIR holds `UNv1.0.devset.zh` / `.en` (or `*.zh` / `*.en`: one sentence a line, line i of each file is a
pair). The pairs are the UN's own translations, so nearly every finding on them is a false alarm. The
benchmark

1. runs `check` (every default check, and the opt-in similarity check with `--similarity`; base glossary) on every pair as given and reports the share of pairs flagged at
   error and at any severity, overall and per check type, for the whole set, the even lines (the half the
   rules were developed on) and the odd lines (held out);
2. makes up to `copies` copies per injected kind, each with one error put into the English, chosen with a
   fixed random seed among the pairs where that kind applies, and reports the share of copies that raise a
   new finding at error severity (and at warning or above) that the untouched pair did not raise. Issue 13's
   kinds (a digit, a month, a symbol) must be caught at error; the form, name and style slips of issue 19
   (full-width punctuation, an unclosed bracket, 40-60 % of the English left out, an informal country
   name, a style slip) at warning or above.

Pair ids are the 1-based line numbers.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from check import checks as qa
from check import numbers, symbols
from core.errors import InputError
from core.records import AlignedPair, Finding

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = Path("..") / "shared" / "benchmarks" / "unpc-dev"


def find_unpc(path: Path | None) -> Path:
    """The UNPC folder: `path`, or ../shared/benchmarks/unpc-dev beside the working folder or the project."""
    candidates = [path] if path is not None else [Path.cwd() / DEFAULT_DIR, ROOT / DEFAULT_DIR]
    for c in candidates:
        if c is not None and c.is_dir() and _pair_files(c):
            return c
    where = path if path is not None else DEFAULT_DIR
    raise InputError(f"{where}: no UNPC folder here (needs a .zh and a .en file, one sentence a line); "
                     "pass the folder, e.g. glossalign bench qa ../shared/benchmarks/unpc-dev")


def _pair_files(folder: Path) -> tuple[Path, Path] | None:
    zh = sorted(folder.glob("*.zh"))
    en = sorted(folder.glob("*.en"))
    if len(zh) == 1 and len(en) == 1:
        return zh[0], en[0]
    return None


def load_unpc(folder: Path) -> list[AlignedPair]:
    files = _pair_files(folder)
    if files is None:
        raise InputError(f"{folder}: needs exactly one .zh and one .en file")
    zh = files[0].read_text(encoding="utf-8").split("\n")
    en = files[1].read_text(encoding="utf-8").split("\n")
    if zh and zh[-1] == "":
        zh.pop()
    if en and en[-1] == "":
        en.pop()
    if len(zh) != len(en):
        raise InputError(f"{folder}: {files[0].name} has {len(zh)} lines but {files[1].name} {len(en)}; "
                         "line i of each must be a pair")
    return [AlignedPair(id=str(i), zh=z, en=e) for i, (z, e) in enumerate(zip(zh, en, strict=True), 1)]


# ------------------------------------------------------------------ injected errors


@dataclass
class Injection:
    kind: str
    pair: AlignedPair  # the changed copy
    original: AlignedPair
    before: str
    after: str


def _change_digit(s: str, rng: random.Random) -> str:
    positions = [i for i, ch in enumerate(s) if ch.isdigit()]
    i = rng.choice(positions)
    new = rng.choice([d for d in "0123456789" if d != s[i] and not (i == positions[0] and d == "0")])
    return s[:i] + new + s[i + 1 :]


def _inject_number(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """A digit changed in an English number that the Chinese also writes in digits (a quantity, not a date,
    symbol or label)."""
    skip = symbols.symbol_spans(pair.en) + [d.span for d in numbers.extract_dates_en(pair.en)]
    zh_digits = set(re.findall(r"\d+", pair.zh.translate(numbers._WIDTH).replace(",", "")))
    cands = [n for n in numbers.extract_en(pair.en, skip) if re.search(r"\d", n.text)
             and re.sub(r"\D", "", n.text.split(".")[0]) in zh_digits]
    if not cands:
        return None
    n = rng.choice(cands)
    text = pair.en[n.span[0] : n.span[1]]
    m = re.search(r"\d[\d,.\u00a0\u202f ]*\d|\d", text)
    changed = _change_digit(m.group(0), rng)
    new_text = text[: m.start()] + changed + text[m.end() :]
    return pair.en[: n.span[0]] + new_text + pair.en[n.span[1] :], text, new_text


_MONTHS = [m.capitalize() for m in numbers._MONTHS]
_MONTH_RE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")


def _inject_month(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """The month of an English date that the Chinese also dates, swapped for another month."""
    zh_dates = numbers.extract_dates_zh(pair.zh)
    en_dates = [d for d in numbers.extract_dates_en(pair.en) if any(d.matches(z) for z in zh_dates)]
    if not en_dates:
        return None
    d = rng.choice(en_dates)
    m = _MONTH_RE.search(pair.en, d.span[0], d.span[1])
    if m is None:
        return None
    new = rng.choice([x for x in _MONTHS if x != m.group(1)])
    return pair.en[: m.start()] + new + pair.en[m.end() :], m.group(1), new


def _inject_symbol(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """A digit changed in a resolution number or document symbol of the English that the Chinese also has."""
    zh_keys = {s.key for s in symbols.extract_symbols(pair.zh)}
    zh_keys |= {a for s in symbols.extract_symbols(pair.zh) for a in s.aliases}
    cands = [s for s in symbols.extract_symbols(pair.en) if re.search(r"\d", s.text)
             and (s.key in zh_keys or any(a in zh_keys for a in s.aliases))]
    if not cands:
        return None
    s = rng.choice(cands)
    changed = _change_digit(s.text, rng)
    return pair.en[: s.span[0]] + changed + pair.en[s.span[1] :], s.text, changed


def _inject_date_digit(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """A digit changed in the day or the year of an English date that the Chinese also dates (18 March 2015 →
    88 March 2015 or 18 March 2016)."""
    zh_dates = numbers.extract_dates_zh(pair.zh)
    en_dates = [d for d in numbers.extract_dates_en(pair.en) if any(d.matches(z) for z in zh_dates)]
    if not en_dates:
        return None
    d = rng.choice(en_dates)
    text = pair.en[d.span[0]:d.span[1]]
    parts = [m for m in re.finditer(r"\d+", text)]
    m = rng.choice(parts)
    changed = _change_digit(m.group(0), rng)
    new = text[:m.start()] + changed + text[m.end():]
    return pair.en[: d.span[0]] + new + pair.en[d.span[1]:], text, new


INJECTORS: dict[str, Callable] = {
    "number digit changed": _inject_number,
    "date month swapped": _inject_month,
    "date day or year digit changed": _inject_date_digit,
    "resolution/document number digit changed": _inject_symbol,
}


# ------------------------------------------------------------------ injected form, name and style slips (issue 19)

_FW = {",": "，", ".": "。", "(": "（", ")": "）", ";": "；", ":": "："}


def _inject_fullwidth(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """A comma, full stop, bracket, semicolon or colon of the English written full-width (，。（）；：)."""
    spots = [m.start() for m in re.finditer(r"[,;:()]|\.(?=\s|$)", pair.en)]
    if not spots:
        return None
    i = rng.choice(spots)
    return pair.en[:i] + _FW[pair.en[i]] + pair.en[i + 1 :], pair.en[i], _FW[pair.en[i]]


def _inject_unclosed(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """A closing bracket of the English dropped (the pair's brackets all closed before)."""
    from check import mechanics

    if mechanics.bracket_signature(pair.en) != (0, 0, 0) or mechanics.bracket_problems(pair.en):
        return None
    spots = [m.start() for m in re.finditer(r"[)\]]", pair.en)]
    spots = [i for i in spots if not re.match(r"^\s*(?:[a-zA-Z]{1,4}|\d{1,3}|[ivx]{1,5})\)", pair.en[: i + 1])]
    if not spots:
        return None
    i = rng.choice(spots)
    return pair.en[:i] + pair.en[i + 1 :], pair.en[i], ""


def _inject_omission(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """40 to 60 % of the English words taken out in one stretch, the final punctuation kept."""
    words = pair.en.split()
    n = len(words)
    if n < 8 or qa.length_residual(pair.zh, pair.en) is None:
        return None
    cut = rng.randint(-(-4 * n // 10), max(-(-4 * n // 10), 6 * n // 10))
    start = rng.randint(0, n - cut)
    kept = words[:start] + words[start + cut :]
    text = " ".join(kept)
    end = re.search(r"[.;:?!]$", pair.en.rstrip())
    if end and not text.endswith(end.group(0)):
        text = text.rstrip(",;:") + end.group(0)
    return text, " ".join(words[start : start + cut]), ""


def _inject_country(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """The UN name of a State the Chinese names replaced by an informal one (Syrian Arab Republic → Syria)."""
    from glossary.countries import find_countries, find_name

    options = []
    for country, span in find_countries(pair.zh):
        said = pair.zh[span[0] : span[1]]
        if not country.informal or said not in (country.zh, country.zh_formal) or said in getattr(country, "zh_other", ()):
            continue  # the check's evidence: a UN Chinese name, not a media form (叙利亚)
        for name in country.official:
            span = find_name(name, pair.en)
            if span:
                options.append((span, country))
                break
    if not options:
        return None
    (s, e), country = rng.choice(options)
    informal = rng.choice(country.informal)
    return pair.en[:s] + informal + pair.en[e:], pair.en[s:e], informal


_SLIPS = [(r"\bper cent\b", "percent"), (r"\bprogrammes\b", "programs"), (r"\bprogramme\b", "program"),
          (r"\b(organi|recogni|reali|emphasi|mobili|stabili|prioriti|utili|summari|finali|categori|characteri"
           r"|authori|harmoni|moderni|normali|standardi)z(e|es|ed|ing|ation|ations)\b", r"\1s\2"),
          (r"\bdefence\b", "defense"), (r"\bcentre\b", "center"), (r"\blabour\b", "labor"), (r"\btowards\b", "toward"),
          (r"\bfavour\b", "favor"), (r"\bbehaviour\b", "behavior"), (r"\bneighbouring\b", "neighboring")]


def _inject_style(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """A UN spelling replaced by one the UN style list does not use (per cent → percent, programme → program)."""
    options = [(m, repl) for pat, repl in _SLIPS for m in re.finditer(pat, pair.en)]
    if not options:
        return None
    m, repl = rng.choice(options)
    new = m.expand(repl)
    return pair.en[: m.start()] + new + pair.en[m.end() :], m.group(0), new


INJECTORS_19: dict[str, Callable] = {
    "full-width punctuation": _inject_fullwidth,
    "unclosed bracket": _inject_unclosed,
    "omission of 40 % or more": _inject_omission,
    "informal country name": _inject_country,
    "style slip": _inject_style,
}

INJECTORS.update(INJECTORS_19)


# ------------------------------------------------------------------ wrong term (issue 26)

# the kinds a confusable swap keeps: a treaty for a treaty, a weapon class for a weapon class, a body for a
# body, a regional organisation for a regional organisation, a State for a State
TERM_KINDS = {"treaty": "treaty", "weapon": "weapon class", "organ": "body", "group": "group or organisation",
              "concept": "concept", "process": "process", "document": "document"}


def _swap_pool() -> dict[str, list]:
    """Base-glossary rows by kind, each with the rows it can be confused with: same category, same head noun,
    another English, neither English inside the other ("strategic nuclear weapons" keeps "nuclear weapons")."""
    from glossary.base import load_base_rows

    def words(en: str) -> list[str]:
        return [t for t, _, _ in qa._tokens(en)]

    def inside(a: list[str], b: list[str]) -> bool:
        return len(a) <= len(b) and any(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1))

    rows = [r for r in load_base_rows() if r.category in TERM_KINDS and any(ch.isalpha() for ch in r.en)]
    pool: dict[str, list] = {}
    for r in rows:
        same_en = {x.en.lower() for x in rows if x.zh == r.zh} | {v.lower() for v in r.variants}
        head = qa._derivation_stem(qa.rendering_head(r.en))
        options = []
        for o in rows:
            if o.category != r.category or o.en.lower() in same_en or r.en.lower() in {v.lower() for v in o.variants}:
                continue
            if qa._derivation_stem(qa.rendering_head(o.en)) != head:
                continue
            a, b = words(r.en), words(o.en)
            if inside(a, b) or inside(b, a) or o.en in [x.en for x in options]:
                continue
            options.append(o)
        if options:
            pool[r.zh] = options
    return pool


def _inject_wrong_term(pair: AlignedPair, rng: random.Random) -> tuple[str, str, str] | None:
    """A term of the pair (a base-glossary term or a State) whose English stands in the English, swapped for a
    confusable one of the same kind that the Chinese does not name (nuclear weapons → chemical weapons,
    African Union → European Union, Czechia → Slovakia). `before` is prefixed with the kind."""
    from glossary.countries import find_countries, find_name, load_countries

    options = []
    ctx = _base_context()
    if "pool" not in _POOL:
        _POOL["pool"] = _swap_pool()
    pool = _POOL["pool"]
    compact = re.sub(r"\s+", "", pair.zh)
    for entry, _span in ctx.find_terms(pair.zh):
        if entry.zh not in pool:
            continue
        for r in [entry.en, *[v for v in entry.variants if not qa.is_short_form(v)]]:
            s = qa.find_literal(r, pair.en)
            if s:
                alts = [o for o in pool[entry.zh] if o.zh not in compact and not (o.zh_abbreviation and o.zh_abbreviation in compact)
                        and not qa.find_literal(o.en, pair.en)]
                if alts:
                    options.append((TERM_KINDS[entry.category], s, [o.en for o in alts]))
                break
    states = load_countries()
    named = {c.zh for c, _ in find_countries(pair.zh)}
    for country, _span in find_countries(pair.zh):
        for name in country.official:
            s = find_name(name, pair.en)
            if s:
                alts = [c.en[0] for c in states if c.zh not in named and not find_name(c.en[0], pair.en)
                        and not any(n in pair.en for n in c.official)]
                options.append(("State", s, alts))
                break
    if not options:
        return None
    kind, (s, e), alts = rng.choice(options)
    new = rng.choice(alts)
    old = pair.en[s:e]
    if old[:1].isupper() and new[:1].islower():
        new = new[0].upper() + new[1:]
    return pair.en[:s] + new + pair.en[e:], f"{kind}: {old}", new


_POOL: dict[str, object] = {}


def _base_context():
    if "ctx" not in _POOL:
        from glossary.base import base_lookup

        _POOL["ctx"] = qa.Context(list(base_lookup().values()))
    return _POOL["ctx"]


WRONG_TERM = "wrong term (same kind)"
INJECTORS[WRONG_TERM] = _inject_wrong_term


def make_injections(pairs: list[AlignedPair], kind: str, copies: int, seed: int) -> list[Injection]:
    rng = random.Random(f"{seed}:{kind}")
    order = list(pairs)
    rng.shuffle(order)
    out = []
    for pair in order:
        if len(out) >= copies:
            break
        got = INJECTORS[kind](pair, rng)
        if got is None:
            continue
        en, before, after = got
        if en == pair.en:
            continue
        copy = AlignedPair(id=f"{pair.id}*", zh=pair.zh, en=en)
        out.append(Injection(kind, copy, pair, before, after))
    return out


# ------------------------------------------------------------------ scoring


@dataclass
class Shares:
    pairs: int
    error: int
    any: int
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)  # type -> (pairs at error, pairs any)


def shares(pairs: list[AlignedPair], findings: list[Finding], names: list[str]) -> Shares:
    ids = {p.id for p in pairs}
    err, anyf = set(), set()
    by_type = {n: (set(), set()) for n in names}
    for f in findings:
        for pid in f.pair:
            if pid not in ids:
                continue
            anyf.add(pid)
            by_type[f.type][1].add(pid)
            if f.severity == "error":
                err.add(pid)
                by_type[f.type][0].add(pid)
    return Shares(len(pairs), len(err), len(anyf), {n: (len(e), len(a)) for n, (e, a) in by_type.items()})


def _signature(f: Finding) -> tuple:
    return (f.type, f.severity, f.expected, f.found, f.message)


@dataclass
class Recall:
    kind: str
    copies: int
    at_error: int
    at_warning: int
    missed: list[Injection] = field(default_factory=list)
    outcomes: list[tuple[Injection, bool, bool]] = field(default_factory=list)  # (copy, at error, at warning+)
    originals_flagged: int = 0  # the same pairs unswapped with an error of the checks that catch this kind
    originals_any: int = 0  # the same pairs unswapped with a term or country finding of any severity

    def half(self, parity: int) -> tuple[int, int]:
        """(copies, caught) among the copies of even (0) or odd (1) lines, caught at the kind's due severity
        (error; warning or above for issue 19's form, name and style kinds)."""
        mine = [o for o in self.outcomes if int(o[0].original.id) % 2 == parity]
        return len(mine), sum(1 for o in mine if (o[2] if self.kind in INJECTORS_19 else o[1]))

    def by_subkind(self) -> dict[str, tuple[int, int]]:
        """For the wrong-term kind: (copies, caught at error) per kind of term swapped."""
        out: dict[str, list[int]] = {}
        for inj, err, _ in self.outcomes:
            sub = inj.before.split(":", 1)[0] if ":" in inj.before else ""
            c = out.setdefault(sub, [0, 0])
            c[0] += 1
            c[1] += int(err)
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}


@dataclass
class QABench:
    folder: Path
    checks: list[str]
    whole: Shares
    even: Shares
    odd: Shares
    recall: list[Recall]
    findings: list[Finding]
    pairs: list[AlignedPair]
    seconds: float


def run_qa_bench(folder: Path, *, seed: int = 13, copies: int = 300, glossary=None, similarity: bool = False,
                 kinds: list[str] | None = None, checks: str | None = None) -> QABench:
    import time

    pairs = load_unpc(folder)
    names = qa.parse_checks(checks) + (["similarity"] if similarity and (checks is None or "similarity" not in checks) else [])
    t0 = time.perf_counter()
    findings = qa.run_checks(pairs, glossary, names)
    seconds = time.perf_counter() - t0
    even = [p for p in pairs if int(p.id) % 2 == 0]
    odd = [p for p in pairs if int(p.id) % 2 == 1]
    pair_checks = [n for n in names if qa.REGISTRY[n].scope == "pair"]
    own: dict[str, list[Finding]] = {}
    for f in findings:
        for pid in f.pair:
            own.setdefault(pid, []).append(f)
    recalls = []
    for kind in kinds or list(INJECTORS):
        injections = make_injections(pairs, kind, copies, seed)
        r = Recall(kind, len(injections), 0, 0)
        for inj in injections:
            mine = own.get(inj.original.id, [])
            before = {_signature(f) for f in mine if qa.REGISTRY[f.type].scope == "pair"}
            new = [f for f in qa.run_checks([inj.pair], glossary, pair_checks) if _signature(f) not in before]
            err = any(f.severity == "error" for f in new)
            warn = any(f.severity in ("warning", "error") for f in new)
            r.at_error += err
            r.at_warning += warn
            if not (warn if kind in INJECTORS_19 else err):  # issue 19's kinds are due at warning, the rest at error
                r.missed.append(inj)
            r.outcomes.append((inj, err, warn))
            if kind == WRONG_TERM:
                r.originals_flagged += any(f.severity == "error" and f.type in ("term", "country-name") for f in mine)
                r.originals_any += any(f.type in ("term", "country-name") for f in mine)
        recalls.append(r)
    return QABench(folder, names, shares(pairs, findings, names), shares(even, findings, names),
                   shares(odd, findings, names), recalls, findings, pairs, seconds)


def format_report(b: QABench) -> list[str]:
    def pct(k: int, n: int) -> str:
        return f"{100 * k / n:5.1f} %" if n else "    - "

    default = qa.parse_checks(None)
    which = ("default checks" if [n for n in b.checks if n != "similarity"] == default else "checks " + ",".join(
        n for n in b.checks if n != "similarity")) + (" and similarity" if "similarity" in b.checks else "")
    lines = [f"UNPC {b.folder}: {b.whole.pairs} pairs, {which}, base glossary ({b.seconds:.1f} s)",
             f"{'pairs flagged':<22}{'whole':>18}{'even (dev)':>18}{'odd (held out)':>18}",
             f"{'':<22}" + f"{'error':>9}{'any':>9}" * 3]
    rows = [("all checks", b.whole.error, b.whole.any, b.even.error, b.even.any, b.odd.error, b.odd.any)]
    for n in b.checks:
        rows.append((n, *b.whole.by_type[n], *b.even.by_type[n], *b.odd.by_type[n]))
    for name, we, wa, ee, ea, oe, oa in rows:
        lines.append(f"{name:<22}{pct(we, b.whole.pairs):>9}{pct(wa, b.whole.pairs):>9}"
                     f"{pct(ee, b.even.pairs):>9}{pct(ea, b.even.pairs):>9}"
                     f"{pct(oe, b.odd.pairs):>9}{pct(oa, b.odd.pairs):>9}")
    lines.append(f"{'injected errors (one per copy)':<44}{'copies':>6}{'at error':>10}{'warning+':>10}"
                 f"{'even: caught':>14}{'odd: caught':>13}")
    for r in b.recall:
        (ne, ce), (no, co) = r.half(0), r.half(1)
        lines.append(f"  {r.kind:<42}{r.copies:>6}{pct(r.at_error, r.copies):>10}{pct(r.at_warning, r.copies):>10}"
                     f"{pct(ce, ne):>14}{pct(co, no):>13}")
        if r.kind == WRONG_TERM:
            for sub, (n, c) in r.by_subkind().items():
                lines.append(f"    {sub:<40}{n:>6}{pct(c, n):>10}")
            lines.append(f"    {'the same pairs unswapped, flagged':<40}{r.copies:>6}{pct(r.originals_flagged, r.copies):>10}"
                         f"{pct(r.originals_any, r.copies):>10}")
    lines.append("caught: at error (issue 19's form, name and style kinds: at warning or above); the unswapped pairs: "
                 "a term or country-name finding at error / at any severity")
    return lines


def format_misses(b: QABench, limit: int = 20) -> list[str]:
    """The injected copies not caught, up to `limit` a kind (at error; issue 19's form, name and style kinds
    at warning or above): what was changed, and the pair."""
    lines = []
    for r in b.recall:
        if not r.missed:
            continue
        lines.append(f"missed: {r.kind} ({len(r.missed)} of {r.copies})")
        for inj in r.missed[:limit]:
            lines.append(f"  line {inj.original.id}: {inj.before!r} -> {inj.after!r}")
            lines.append(f"    zh: {inj.pair.zh}")
            lines.append(f"    en: {inj.pair.en}")
    return lines
