"""Portfolio runs: many plans assessed in parallel (fork, forkserver or spawn), then what they share."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from toolassess.audit.portfolio import FailedPlan, PlanDigest, Portfolio, PortfolioAggregate, digest
from toolassess.errors import ToolassessError, UsageError
from toolassess.inputs.bundle import SharedInputs
from toolassess.reporting import ReportFormat
from toolassess.reporting.pipeline import ReportRequest
from toolassess.reporting.writing import ProtectedInputs, remove_leftovers, write_atomically
from toolassess.reuse import Reuse


def expand_plans(paths: Sequence[Path]) -> list[Path]:
    """Plan files from files and folders (a folder: its *.yaml/*.yml, sorted)."""
    plans: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:
                plans += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            except OSError as error:
                raise ToolassessError(f"{path}: cannot read folder: {error.strerror or error}") from None
        elif path.is_file():
            plans.append(path)
        else:
            raise ToolassessError(f"{path}: no such file or folder")
    if not plans:
        raise ToolassessError("no plan files found (*.yaml)")
    return plans


def report_stems(plans: Sequence[Path]) -> list[str]:
    """A report name per plan, unique and stable: the file's stem, or the path joined with '-' when stems repeat.

    pa/p.yaml and pb/p.yaml become pa-p and pb-p (the path from the plans' common folder).
    """
    stems = [plan.stem for plan in plans]
    repeated = {stem for stem in stems if stems.count(stem) > 1}
    if repeated:
        absolute = [plan.resolve() for plan in plans]
        root = Path(os.path.commonpath([str(p.parent) for p in absolute]))
        stems = [
            "-".join(p.relative_to(root).with_suffix("").parts) if plan.stem in repeated else plan.stem
            for plan, p in zip(plans, absolute, strict=True)
        ]
    clashes = sorted({stem for stem in stems if stems.count(stem) > 1})
    if clashes:
        raise ToolassessError(f"plans whose reports would share a name: {', '.join(clashes)}; rename one of them")
    return stems


@dataclass(frozen=True)
class PlanJob:
    """What a worker needs to assess one plan and write its reports."""

    plan: Path
    request: ReportRequest  # with the report's unique name (stem)


Worker = Callable[[PlanJob], tuple[str, str]]
WINDOW_PER_WORKER = 8  # jobs queued per worker process: enough to keep it busy
_SHARED: SharedInputs | None = None  # set before the workers fork: they inherit it instead of reloading
_REUSE: Reuse | None = None  # what the plans of the run have in common, kept by each process
_PROTECTED: ProtectedInputs | None = None  # every input of the run: no plan's report may replace one


def prepare(shared: SharedInputs, protected: ProtectedInputs | None = None, reuse: bool = True) -> None:
    """Load once in the parent; forked workers inherit the catalogue, criteria, scenarios and protected inputs.

    `reuse=False` assesses every plan from scratch (the path the reused one is checked against).
    """
    global _SHARED, _REUSE, _PROTECTED
    _SHARED = shared
    _REUSE = Reuse() if reuse else None
    _PROTECTED = protected


def assess_job(job: PlanJob) -> tuple[str, str]:
    """Assess one plan and write its reports: ('ok', the plan's digest as JSON) or ('error', one-line message)."""
    from toolassess.inputs.bundle import inputs_for_plan
    from toolassess.reporting.pipeline import produce_reports

    assert _SHARED is not None, "prepare() first"
    try:
        reports = produce_reports(inputs_for_plan(job.plan, _SHARED), job.request, reuse=_REUSE, protected=_PROTECTED)
        return "ok", digest(str(job.plan), reports.assessment).model_dump_json()
    except ToolassessError as error:
        return "error", str(error)
    except Exception as error:  # a bug must cost one plan, listed, not the national run
        return "error", f"{job.plan}: internal error, please report it: {type(error).__name__}: {error}"


@dataclass
class PortfolioRun:
    """What a portfolio run produced: the aggregate (failed plans listed in it), where, and the findings' kinds."""

    portfolio: Portfolio
    folder: Path
    finding_counts: dict[str, int]  # unaccepted findings by kind over every plan (for --fail-on)


def run_portfolio(
    targets: Sequence[Path],
    request: ReportRequest,
    load: Callable[[], SharedInputs],
    workers: int | None = None,
    on_plan_done: Callable[[], None] | None = None,
) -> PortfolioRun:
    """Assess every plan (files and folders of them) in parallel, write their reports and the portfolio's.

    `load` loads the shared inputs (catalogue, criteria, scenarios) — once here, and once per worker under the
    forkserver and spawn start methods. Plans that fail are listed with their one-line error, never dropped.
    """
    from toolassess.reporting.json import render_json
    from toolassess.reporting.portfolio import render_portfolio_markdown, render_portfolio_pdf
    from toolassess.reporting.textsafe import one_line

    plan_files = expand_plans(targets)
    if request.out is not None and request.out.suffix and not request.out.is_dir():
        raise UsageError(
            f"--out {request.out}: one file cannot hold the reports of {len(plan_files)} plans; give a folder"
        )
    stems = report_stems(plan_files)
    shared = load()
    folder = request.out or Path("reports")
    protected = ProtectedInputs([*plan_files, *shared.files(), *request.template_files()])
    protected.check([folder / f"portfolio.{ext}" for ext in ("json", "md", "pdf")])
    prepare(shared, protected)
    names = {path.name for stem in stems for lang in ("fr", "en") for path in request.paths(stem, lang).values()}
    remove_leftovers(folder, names)  # once for the whole run: the folder may hold tens of thousands of reports
    jobs = [
        PlanJob(plan, replace(request, stem=stem, swept=True)) for plan, stem in zip(plan_files, stems, strict=True)
    ]
    aggregate = PortfolioAggregate()  # streamed: each plan's digest is counted in and dropped
    for job, status, payload in run_parallel(jobs, assess_job, workers, load, protected=protected):
        if status == "ok":
            aggregate.add(PlanDigest.model_validate_json(payload))
        else:
            aggregate.add_failed(FailedPlan(file=str(job.plan), error=one_line(payload)))
        if on_plan_done is not None:
            on_plan_done()
    portfolio = aggregate.portfolio(request.lang)
    write_atomically(folder / "portfolio.json", render_json(portfolio).encode("utf-8"))
    write_atomically(folder / "portfolio.md", render_portfolio_markdown(portfolio).encode("utf-8"))
    if ReportFormat.PDF in request.formats and (portfolio.plans or portfolio.failed):
        pdf = render_portfolio_pdf(portfolio, shared.as_of)
        write_atomically(folder / "portfolio.pdf", pdf)
    return PortfolioRun(portfolio, folder, dict(aggregate.finding_counts))


def run_parallel(
    jobs: Sequence[PlanJob],
    worker: Worker,
    workers: int | None = None,
    load: Callable[[], SharedInputs] | None = None,
    start_method: str | None = None,
    protected: ProtectedInputs | None = None,
) -> Iterator[tuple[PlanJob, str, str]]:
    """Run `worker` on each job in processes (all cores by default); yield (job, status, payload) as they end.

    Under `fork` (Linux's default up to Python 3.13) the workers inherit the catalogue and criteria loaded by the
    parent; under `forkserver` (the default from 3.14) and `spawn` (macOS, Windows) each worker loads them once
    with `load` (and receives the `protected` inputs). A worker returns ('ok', JSON payload) or ('error', one-line
    message).
    """
    count = workers or os.cpu_count() or 1
    if count == 1:
        for job in jobs:
            yield (job, *worker(job))
        return
    context = multiprocessing.get_context(start_method)
    inherits = context.get_start_method() == "fork"
    if not inherits and load is None:
        raise ToolassessError(f"start method {context.get_start_method()}: the workers need a loader")
    options: dict[str, Any] = {} if inherits else {"initializer": _load_in_worker, "initargs": (load, protected)}
    with ProcessPoolExecutor(max_workers=count, mp_context=context, **options) as pool:
        # A window of jobs in flight, not all at once: a finished job's result is handed over and dropped, so the
        # parent holds a few dozen results, not tens of thousands.
        pending = iter(jobs)
        running = {pool.submit(worker, job): job for job in itertools.islice(pending, WINDOW_PER_WORKER * count)}
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                for following in itertools.islice(pending, 1):
                    running[pool.submit(worker, following)] = following
                yield (job, *future.result())


def _load_in_worker(load: Callable[[], SharedInputs], protected: ProtectedInputs | None) -> None:
    prepare(load(), protected)
