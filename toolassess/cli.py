"""The command line: parse options, call one core function, pick a renderer, write, exit."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from toolassess import __version__
from toolassess.errors import ToolassessError, UsageError


class ToolassessGroup(TyperGroup):
    """Turns every ToolassessError into its one-line message and exit code 2 (no traceback)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ToolassessError as error:
            if (ctx.obj or {}).get("debug"):
                raise
            from toolassess.reporting.textsafe import one_line

            typer.echo(one_line(str(error)), err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=ToolassessGroup,
    help="Choose crisis-communication tools you can trust: score tools, find false redundancies, write reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help, as the Unix tools print it: Rich panels cost 55 ms of imports (markdown-it) on every --help.
    rich_markup_mode=None,
)
tools_app = typer.Typer(cls=ToolassessGroup, help="Browse the tool catalogue.", no_args_is_help=True)
criteria_app = typer.Typer(cls=ToolassessGroup, help="Browse the criteria and profiles.", no_args_is_help=True)
app.add_typer(tools_app, name="tools")
app.add_typer(criteria_app, name="criteria")


class OutputFormat(StrEnum):
    """What a browsing or analysis command prints."""

    TABLE = "table"
    JSON = "json"


class SchemaKind(StrEnum):
    """The input and output kinds that have a JSON Schema."""

    TOOL = "tool"
    COMPONENTS = "components"
    CRITERIA = "criteria"
    PROFILE = "profile"
    PLAN = "plan"
    ASSESSMENT = "assessment"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="table on a terminal, or JSON only")]
CatalogOption = Annotated[
    list[Path] | None,
    typer.Option("--catalog", help="folder of tool profiles / components that add to or override the built-in ones"),
]
StaleOption = Annotated[int, typer.Option("--stale-after", min=1, help="days after which a fact is stale")]
LangOption = Annotated[str, typer.Option("--lang", help="fr or en")]
ScenariosOption = Annotated[
    list[Path] | None, typer.Option("--scenarios", help="scenario YAML files to add to (or override) the built-in ones")
]
FailOnOption = Annotated[
    str | None,
    typer.Option("--fail-on", help="exit 1 on these finding kinds: false-redundancy,spof,uncovered,gate,untested,…"),
]
CriteriaOption = Annotated[Path | None, typer.Option("--criteria", help="criteria file or folder (default: built-in)")]


def _lang(value: str) -> Literal["fr", "en"]:
    if value not in ("fr", "en"):
        raise UsageError(f"--lang must be 'fr' or 'en', not '{value}'")
    return "fr" if value == "fr" else "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"toolassess {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="show a traceback on errors")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    """Choose crisis-communication tools you can trust."""
    ctx.obj = {"debug": debug}


def _print(value: Any, fmt: OutputFormat, table: Any = None) -> None:
    """JSON alone on stdout, or a Rich renderable."""
    if fmt is OutputFormat.JSON:
        from toolassess.reporting.json import render_json

        typer.echo(render_json(value), nl=False)
        return
    from toolassess.reporting.textsafe import SafeConsole

    SafeConsole().print(table)


FAIL_ON_ALIASES = {
    "spof": "single-point-of-failure",
    "uncovered": "uncovered-purpose",
    "gate": "gate-failed",
    "untested": "untested-channel",
    "partner": "partner-unreachable",
}


def _unaccepted(findings: Any) -> dict[str, int]:
    """How many findings of each kind no accepted risk covers."""
    counts: dict[str, int] = {}
    for finding in findings:
        if not finding.accepted:
            counts[finding.kind.value] = counts.get(finding.kind.value, 0) + 1
    return counts


def _exit_on_policy(counts: dict[str, int], fail_on: str | None) -> None:
    """Exit 1 when a finding of a `--fail-on` kind is present and not covered by an accepted risk."""
    if not fail_on:
        return
    from toolassess.models.findings import FindingKind

    kinds = set()
    for word in (w.strip() for w in fail_on.split(",") if w.strip()):
        name = FAIL_ON_ALIASES.get(word, word)
        if name not in {k.value for k in FindingKind}:
            choices = ", ".join([*FAIL_ON_ALIASES, *(k.value for k in FindingKind)])
            raise UsageError(f"--fail-on: unknown finding kind '{word}' (choose from {choices})")
        kinds.add(name)
    tripped = {kind: n for kind, n in counts.items() if kind in kinds}
    if tripped:
        typer.echo(f"--fail-on: {sum(tripped.values())} finding(s) of kind {', '.join(sorted(tripped))}", err=True)
        raise typer.Exit(1)


# ---------------------------------------------------------------- catalogue


@tools_app.command("list")
def tools_list(
    catalog: CatalogOption = None,
    stale_after: StaleOption = 365,
    lang: LangOption = "en",
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """One line per tool: kind, purposes and how many facts are sourced, stale or unknown."""
    import json

    from toolassess.clock import today
    from toolassess.inputs.cache import cache_file, read_json, write_json
    from toolassess.reporting.catalog_list import tools_table
    from toolassess.reporting.textsafe import SafeConsole

    language = _lang(lang)
    # the built-in catalogue's lines depend only on its files, the date, the staleness limit and the language:
    # kept as JSON, they are shown without loading the model layer (the command starts in a fraction of the time)
    path = None if catalog else cache_file("tools-list", today().isoformat(), stale_after, language)
    rows = read_json(path)
    if not isinstance(rows, list):
        from toolassess.inputs.catalog import catalog_model
        from toolassess.scoring.browse import summarize_tools

        summaries = summarize_tools(catalog_model(catalog or []), today(), stale_after, language)
        rows = [summary.model_dump(mode="json") for summary in summaries]
        write_json(path, rows)
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    SafeConsole().print(tools_table(rows))


@tools_app.command("show")
def tools_show(
    tool_id: Annotated[str, typer.Argument(metavar="ID", help="tool id or alias, e.g. whatsapp, fr-alert")],
    catalog: CatalogOption = None,
    stale_after: StaleOption = 365,
    lang: LangOption = "en",
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Every fact of one tool with its value, source and its kind, check date, the date it speaks of, and age."""
    from toolassess.clock import today
    from toolassess.inputs.catalog import catalog_model
    from toolassess.reporting.terminal import tool_sheet_view
    from toolassess.scoring.browse import tool_sheet

    sheet = tool_sheet(catalog_model(catalog or []), tool_id, today(), stale_after, _lang(lang))
    _print(sheet, fmt, tool_sheet_view(sheet) if fmt is OutputFormat.TABLE else None)


@tools_app.command("coverage")
def tools_coverage(
    catalog: CatalogOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """How many applicable facts each tool knows, from what kinds of source, against the catalogue's targets.

    Exit 1 when the core tools or the whole catalogue miss their target (docs/catalog-format.md, "Coverage").
    """
    from toolassess.inputs.catalog import catalog_model
    from toolassess.reporting.terminal import coverage_view
    from toolassess.scoring.browse import coverage

    result = coverage(catalog_model(catalog or []))
    _print(result, fmt, coverage_view(result) if fmt is OutputFormat.TABLE else None)
    if not result.meets_targets:
        raise typer.Exit(1)


@criteria_app.command("list")
def criteria_list(
    criteria: CriteriaOption = None,
    lang: LangOption = "en",
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Every criterion with its area, weight, origin (seed or doctrine) and the facts it reads."""
    from toolassess.inputs.criteria import load_criteria
    from toolassess.reporting.terminal import criteria_table
    from toolassess.scoring.browse import list_criteria

    lines = list_criteria(load_criteria(criteria), _lang(lang))
    _print(lines, fmt, criteria_table(lines) if fmt is OutputFormat.TABLE else None)


# ---------------------------------------------------------------- inputs


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="plan, catalogue or criteria files/folders")],
    catalog: CatalogOption = None,
    criteria: Annotated[Path | None, typer.Option("--criteria", help="criteria file or folder")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Check plans, tool profiles, component lists, criteria and profiles; exit 0 when all are valid, else 2."""
    from toolassess.inputs.validation import validate_paths
    from toolassess.reporting.textsafe import one_line

    checked = validate_paths(paths, catalog or [], criteria)
    if fmt is OutputFormat.JSON:
        _print([{"path": path, "kind": kind.value, "valid": True} for path, kind in checked], fmt)
        return
    for path, kind in checked:
        typer.echo(one_line(f"{path}: valid {kind.value}"))


@app.command()
def schema(kind: Annotated[SchemaKind, typer.Argument(help="which JSON Schema to print")]) -> None:
    """Print the JSON Schema of an input or of the assessment (for editors' YAML/JSON support)."""
    from toolassess.models.schemas import json_schema

    typer.echo(json_schema(kind.value), nl=False)


# ---------------------------------------------------------------- analyses (land with their issues)


@app.command()
def score(
    tools: Annotated[
        list[str] | None, typer.Argument(metavar="[TOOLS]...", help="tool ids (default: every tool)")
    ] = None,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="profile id or a profile YAML file")
    ] = "management-team",
    criteria: CriteriaOption = None,
    catalog: CatalogOption = None,
    lang: LangOption = "en",
    stale_after: StaleOption = 365,
    purpose: Annotated[
        list[str] | None,
        typer.Option(
            "--purpose",
            help="communication, notification or public-information (repeatable; default: each purpose present)",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Rank tools per purpose against the criteria of a profile, with explanations, evidence and robustness."""
    from toolassess.clock import today
    from toolassess.inputs.catalog import load_catalog
    from toolassess.inputs.criteria import load_criteria, resolve_profile
    from toolassess.models.base import did_you_mean
    from toolassess.models.catalog import Purpose, resolve_tools
    from toolassess.reporting.terminal import score_view
    from toolassess.scoring.score import score_tools

    purposes = []
    for name in purpose or []:
        if name not in {p.value for p in Purpose}:
            raise UsageError(f"--purpose: unknown purpose '{name}'{did_you_mean(name, [p.value for p in Purpose])}")
        purposes.append(Purpose(name))
    catalog_data = load_catalog(catalog or []).catalog
    criteria_set = load_criteria(criteria)
    result = score_tools(
        resolve_tools(catalog_data, tools or list(catalog_data.tools)),
        criteria_set,
        resolve_profile(criteria_set, profile),
        lang=_lang(lang),
        as_of=today(),
        stale_after_days=stale_after,
        purposes=purposes or None,
    )
    if not result.rankings:
        asked = ", ".join(p.value for p in purposes) or "any purpose"
        raise UsageError(f"none of these tools serves {asked} (see: toolassess tools list)")
    if fmt is OutputFormat.JSON:
        _print(result.scores, fmt)
        return
    _print(result, fmt, score_view(result))


@app.command()
def redundancy(
    plan: Annotated[Path, typer.Argument(help="plan file")],
    catalog: CatalogOption = None,
    criteria: CriteriaOption = None,
    scenarios: ScenariosOption = None,
    max_order: Annotated[int, typer.Option("--max-order", min=1, max=4, help="largest cut set to search")] = 3,
    fail_on: FailOnOption = None,
    exercise: Annotated[bool, typer.Option("--exercise", help="turn the worst cut sets into exercise injects")] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """False redundancies, single points of failure, cut sets and the scenario × purpose table of a plan."""
    from toolassess.assess import analyse_plan_redundancy
    from toolassess.inputs.bundle import load_inputs
    from toolassess.redundancy.exercise import build_exercise
    from toolassess.reporting.terminal import exercise_view, redundancy_view

    inputs = load_inputs(plan, catalog or [], criteria, scenarios or [])
    result = analyse_plan_redundancy(inputs, max_order)
    if exercise:
        cases = build_exercise(inputs.plan, inputs.catalog, result.cut_sets)
        _print(cases, fmt, exercise_view(cases, inputs.plan.lang) if fmt is OutputFormat.TABLE else None)
    else:
        _print(result, fmt, redundancy_view(result) if fmt is OutputFormat.TABLE else None)
    _exit_on_policy(_unaccepted(result.findings), fail_on)


ReportFormatsOption = Annotated[
    str, typer.Option("--format", "-f", help="report formats, comma-separated: pdf,html,md,json,csv")
]
ReportLangOption = Annotated[str | None, typer.Option("--lang", help="fr or en (default: the plan's)")]
AudienceOption = Annotated[str, typer.Option("--audience", help="planner, dpo or auditor")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="output file (one format) or folder")]
TemplateDirOption = Annotated[
    Path | None,
    typer.Option("--template-dir", help="folder of templates overriding the built-in ones (sandboxed; see README)"),
]


@app.command()
def improve(
    plan: Annotated[Path, typer.Argument(help="plan file")],
    catalog: CatalogOption = None,
    criteria: CriteriaOption = None,
    scenarios: ScenariosOption = None,
    lang: ReportLangOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """What to add: the smallest sets of catalogue tools that remove each purpose's weak points.

    Weak points are single and double points of failure and scenarios that leave a purpose without a channel;
    the tools proposed pass the plan's profile for the purpose and are available in the plan's country.
    """
    from toolassess.assess import eligible_tools
    from toolassess.findings.redundancy import channels_to_test
    from toolassess.inputs.bundle import load_inputs
    from toolassess.models.base import short_name
    from toolassess.redundancy.improve import improve_plan
    from toolassess.reporting.terminal import improvements_view

    inputs = load_inputs(plan, catalog or [], criteria, scenarios or [])
    language = _lang(lang) if lang else inputs.plan.lang
    found = improve_plan(inputs.plan, inputs.catalog, inputs.scenarios.scenarios, eligible_tools(inputs), language)
    to_test = [short_name(inputs.catalog.tool_name(t, language)) for t in channels_to_test(inputs.plan, inputs.as_of)]
    view = improvements_view(found, language, to_test)
    _print(found, fmt, view if fmt is OutputFormat.TABLE else None)


@app.command()
def assess(
    plans: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[PLAN]...", help="plan files or folders (default: the bundled example)"),
    ] = None,
    formats: ReportFormatsOption = "pdf",
    audience: AudienceOption = "planner",
    lang: ReportLangOption = None,
    out: OutOption = None,
    catalog: CatalogOption = None,
    criteria: CriteriaOption = None,
    scenarios: ScenariosOption = None,
    template_dir: TemplateDirOption = None,
    stale_after: StaleOption = 365,
    fail_on: FailOnOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="processes for several plans (default: all cores)")
    ] = None,
) -> None:
    """The main job: score, redundancy and scenarios; a terminal summary (red flags first) and the reports.

    Several plans (or a folder) are a portfolio: assessed in parallel, one report each, plus a portfolio
    report of what they rely on most and the weaknesses they share.
    """
    from toolassess.inputs.files import EXAMPLE_PLAN
    from toolassess.reporting.pipeline import ReportRequest

    request = ReportRequest.parse(formats, audience, lang, out, template_dir)
    targets = plans or [EXAMPLE_PLAN]
    if len(targets) == 1 and targets[0].is_file():
        assessment = _report(targets[0], request, catalog, criteria, scenarios, stale_after, summary=True)
        _exit_on_policy(_unaccepted(assessment.findings), fail_on)
        return
    _exit_on_policy(_portfolio(targets, request, catalog, criteria, scenarios, stale_after, workers), fail_on)


def _portfolio(
    targets: list[Path],
    request: Any,
    catalog: list[Path] | None,
    criteria: Path | None,
    scenarios: list[Path] | None,
    stale_after: int,
    workers: int | None,
) -> dict[str, int]:
    """A portfolio run with a progress bar; its summary on the terminal; exit 2 when a plan failed."""
    import functools

    from rich.progress import Progress

    from toolassess.clock import today
    from toolassess.inputs.bundle import load_shared
    from toolassess.reporting.batch import expand_plans, run_portfolio
    from toolassess.reporting.portfolio import portfolio_view
    from toolassess.reporting.textsafe import SafeConsole

    load = functools.partial(load_shared, catalog or [], criteria, scenarios or [], stale_after, today())
    console = SafeConsole(stderr=True)
    count = len(expand_plans(targets))
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"Assessing {count} plans", total=count)
        run = run_portfolio(targets, request, load, workers, on_plan_done=lambda: progress.advance(task))
    failed = run.portfolio.failed
    for failure in failed:
        typer.echo(failure.error, err=True)
    SafeConsole().print(portfolio_view(run.portfolio))
    console.print(
        f"wrote {run.portfolio.plans} plan report(s) and {run.folder}/portfolio.* ({len(failed)} plan(s) with errors)",
        markup=False,
    )
    if failed:
        raise typer.Exit(2)
    return run.finding_counts


@app.command()
def report(
    plan: Annotated[Path, typer.Argument(help="plan file")],
    formats: ReportFormatsOption = "pdf",
    audience: AudienceOption = "planner",
    lang: ReportLangOption = None,
    out: OutOption = None,
    catalog: CatalogOption = None,
    criteria: CriteriaOption = None,
    scenarios: ScenariosOption = None,
    template_dir: TemplateDirOption = None,
    stale_after: StaleOption = 365,
) -> None:
    """Write the report of a plan (pdf, html, md, json, csv) for planners, DPOs or auditors."""
    from toolassess.reporting.pipeline import ReportRequest

    request = ReportRequest.parse(formats, audience, lang, out, template_dir)
    _report(plan, request, catalog, criteria, scenarios, stale_after, summary=False)


def _report(
    plan: Path,
    request: Any,
    catalog: list[Path] | None,
    criteria: Path | None,
    scenarios: list[Path] | None,
    stale_after: int,
    summary: bool,
) -> Any:
    """One plan through the report pipeline, with the terminal summary first and a status line per format."""
    from toolassess.inputs.bundle import load_inputs
    from toolassess.reporting import ReportFormat
    from toolassess.reporting.pipeline import produce_reports
    from toolassess.reporting.textsafe import SafeConsole, one_line

    if plan.is_dir():
        raise UsageError(f"{plan}: is a folder (assess takes folders of plans; report takes one plan file)")
    inputs = load_inputs(plan, catalog or [], criteria, scenarios or [], stale_after)
    json_only = request.formats == (ReportFormat.JSON,)
    console = SafeConsole(stderr=json_only or not summary)

    def show_summary(assessment: Any) -> None:
        if summary and not json_only:
            from toolassess.reporting.terminal import assessment_view

            console.print(assessment_view(assessment))

    with console.status("Rendering reports…") as status:
        reports = produce_reports(
            inputs, request, show_summary, on_format=lambda f: status.update(f"Rendering {f.value.upper()}…")
        )
    for path in reports.paths.values():
        console.print(one_line(f"wrote {path}"), markup=False, highlight=False)
    if json_only and summary:
        typer.echo(reports.json_bytes.decode("utf-8"), nl=False)
    return reports.assessment


class CompareFormat(StrEnum):
    """What `compare` prints or writes."""

    TABLE = "table"
    JSON = "json"
    MD = "md"
    PDF = "pdf"


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="older assessment JSON")],
    new: Annotated[Path, typer.Argument(help="newer assessment JSON")],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="table, json, md or pdf")] = CompareFormat.TABLE,
    out: OutOption = None,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="'regression': exit 1 when a score drops or a high finding appears")
    ] = None,
) -> None:
    """What changed between two assessments: scores, facts (values, sources, dates), criteria, findings, inputs."""
    from toolassess.audit.compare import compare_assessments
    from toolassess.inputs.assessments import load_assessment
    from toolassess.reporting.comparison import comparison_view, render_comparison_markdown, render_comparison_pdf
    from toolassess.reporting.json import render_json
    from toolassess.reporting.textsafe import one_line
    from toolassess.reporting.writing import refuse_overwriting_inputs, write_atomically

    if fail_on not in (None, "regression"):
        raise UsageError(f"--fail-on: unknown policy '{fail_on}' (compare knows 'regression')")
    old_assessment, new_assessment = load_assessment(old), load_assessment(new)
    comparison = compare_assessments(old_assessment, new_assessment)
    if fmt is CompareFormat.TABLE:
        _print(comparison, OutputFormat.TABLE, comparison_view(comparison))
    else:
        if fmt is CompareFormat.JSON:
            data = render_json(comparison).encode("utf-8")
        elif fmt is CompareFormat.MD:
            data = render_comparison_markdown(comparison).encode("utf-8")
        else:
            data = render_comparison_pdf(comparison, new_assessment.lang)
        if out is not None:
            refuse_overwriting_inputs([out], [old, new])
            write_atomically(out, data)
            typer.echo(one_line(f"wrote {out}"), err=True)
        elif fmt is CompareFormat.PDF:
            target = Path("reports") / f"compare-{new.stem}.pdf"
            write_atomically(target, data)
            typer.echo(f"wrote {target}", err=True)
        else:
            typer.echo(data.decode("utf-8"), nl=False)
    if fail_on == "regression" and comparison.regression:
        typer.echo(f"--fail-on regression: {len(comparison.regressions)} regression(s)", err=True)
        raise typer.Exit(1)


@app.command()
def verify(
    report_pdf: Annotated[Path, typer.Argument(metavar="REPORT.pdf", help="an archival report written by toolassess")],
    trust: Annotated[
        list[Path] | None,
        typer.Option("--trust", help="certificate (PEM/DER) a signature must chain to (repeatable)"),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Rebuild a report from the files attached to it and compare every byte; check its signature if signed.

    Exit 1 when anything differs.
    """
    from toolassess.audit.verify import verify_report
    from toolassess.reporting.textsafe import one_line

    if not report_pdf.is_file():
        raise UsageError(f"{report_pdf}: no such file")
    result = verify_report(report_pdf, trust or [])
    if fmt is OutputFormat.JSON:
        _print(result, fmt)
    else:
        for check in result.checks:
            typer.echo(one_line(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}"))
        if result.overrides:
            from toolassess.audit.compare import override_line

            typer.echo(f"note catalogue overrides: {len(result.overrides)} built-in fact(s) changed by the institution")
            for override in result.overrides:
                typer.echo(one_line(f"     {override_line(override)}"))
        typer.echo(one_line(f"{report_pdf}: {'matches its inputs' if result.ok else 'DOES NOT MATCH its inputs'}"))
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def sign(
    report_pdf: Annotated[Path, typer.Argument(metavar="REPORT.pdf", help="an archival report written by toolassess")],
    key: Annotated[Path, typer.Option("--key", help="your private key (PEM)")],
    cert: Annotated[Path, typer.Option("--cert", help="your certificate (PEM)")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="signed file (default: REPORT.signed.pdf)")] = None,
    passphrase_env: Annotated[
        str | None,
        typer.Option("--passphrase-env", help="name of an environment variable holding the key's passphrase"),
    ] = None,
) -> None:
    """Sign a report (PAdES, whole file) so that `verify` can also prove who vouches for it."""
    import os

    from toolassess.audit.signing import sign_report
    from toolassess.reporting.writing import refuse_overwriting_inputs, write_atomically

    for path in (report_pdf, key, cert):
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    passphrase = None
    if passphrase_env is not None:
        if passphrase_env not in os.environ:
            raise UsageError(f"--passphrase-env: {passphrase_env} is not set")
        passphrase = os.environ[passphrase_env].encode("utf-8")
    target = out or report_pdf.with_name(f"{report_pdf.stem}.signed.pdf")
    refuse_overwriting_inputs([target], [report_pdf, key, cert])
    write_atomically(target, sign_report(report_pdf.read_bytes(), key, cert, passphrase))
    typer.echo(f"wrote {target}", err=True)


def main() -> None:
    """Console-script entry point."""
    import sys

    for stream in (sys.stdout, sys.stderr):  # an ASCII or Latin-1 terminal gets '?' for "—" or "␛", not a traceback
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app(prog_name="toolassess")
