"""Portfolio runs: many plans assessed in parallel (fork, forkserver or spawn), then what they share."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from toolassess.audit.portfolio import FailedPlan, PlanDigest, Portfolio, digest, summarize_portfolio
from toolassess.errors import ToolassessError, UsageError
from toolassess.inputs.bundle import SharedInputs
from toolassess.reporting import ReportFormat
from toolassess.reporting.pipeline import ReportRequest
from toolassess.reporting.writing import refuse_overwriting_inputs, write_atomically


def expand_plans(paths: Sequence[Path]) -> list[Path]:
    """Plan files from files and folders (a folder: its *.yaml/*.yml, sorted)."""
    plans: list[Path] = []
    for path in paths:
        if path.is_dir():
            plans += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
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
    request: ReportRequest  # with the report's unique name (stem) and every input of the run protected


Worker = Callable[[PlanJob], tuple[str, str]]
_SHARED: SharedInputs | None = None  # set before the workers fork: they inherit it instead of reloading


def prepare(shared: SharedInputs) -> None:
    """Load once in the parent; forked workers inherit the catalogue, criteria and scenarios."""
    global _SHARED
    _SHARED = shared


def assess_job(job: PlanJob) -> tuple[str, str]:
    """Assess one plan and write its reports: ('ok', the plan's digest as JSON) or ('error', one-line message)."""
    from toolassess.inputs.bundle import inputs_for_plan
    from toolassess.reporting.pipeline import produce_reports

    assert _SHARED is not None, "prepare() first"
    try:
        reports = produce_reports(inputs_for_plan(job.plan, _SHARED), job.request)
        return "ok", digest(str(job.plan), reports.assessment).model_dump_json()
    except ToolassessError as error:
        return "error", str(error)


@dataclass
class PortfolioRun:
    """What a portfolio run produced: the plans' digests, the plans that failed, and the aggregate."""

    portfolio: Portfolio
    digests: list[PlanDigest]
    failed: list[FailedPlan]
    folder: Path


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
    prepare(shared)
    folder = request.out or Path("reports")
    protected = (*plan_files, *shared.files(), *request.template_files())
    refuse_overwriting_inputs([folder / f"portfolio.{ext}" for ext in ("json", "md", "pdf")], protected)
    jobs = [
        PlanJob(plan, replace(request, stem=stem, protected=protected))
        for plan, stem in zip(plan_files, stems, strict=True)
    ]
    digests: list[PlanDigest] = []
    failed: list[FailedPlan] = []
    for job, status, payload in run_parallel(jobs, assess_job, workers, load):
        if status == "ok":
            digests.append(PlanDigest.model_validate_json(payload))
        else:
            failed.append(FailedPlan(file=str(job.plan), error=one_line(payload)))
        if on_plan_done is not None:
            on_plan_done()
    digests.sort(key=lambda d: d.file)
    portfolio = summarize_portfolio(digests, failed)
    write_atomically(folder / "portfolio.json", render_json(portfolio).encode("utf-8"))
    write_atomically(folder / "portfolio.md", render_portfolio_markdown(portfolio).encode("utf-8"))
    if ReportFormat.PDF in request.formats and (digests or failed):
        lang = request.lang or (digests[0].lang if digests else "en")
        pdf = render_portfolio_pdf(portfolio, lang, shared.as_of, f"{len(digests)} plans")
        write_atomically(folder / "portfolio.pdf", pdf)
    return PortfolioRun(portfolio, digests, portfolio.failed, folder)


def run_parallel(
    jobs: Sequence[PlanJob],
    worker: Worker,
    workers: int | None = None,
    load: Callable[[], SharedInputs] | None = None,
    start_method: str | None = None,
) -> Iterator[tuple[PlanJob, str, str]]:
    """Run `worker` on each job in processes (all cores by default); yield (job, status, payload) as they end.

    Under `fork` (Linux's default up to Python 3.13) the workers inherit the catalogue and criteria loaded by the
    parent; under `forkserver` (the default from 3.14) and `spawn` (macOS, Windows) each worker loads them once
    with `load`. A worker returns ('ok', JSON payload) or ('error', one-line message).
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
    options: dict[str, Any] = {} if inherits else {"initializer": _load_in_worker, "initargs": (load,)}
    with ProcessPoolExecutor(max_workers=count, mp_context=context, **options) as pool:
        futures = {pool.submit(worker, job): job for job in jobs}
        for future in as_completed(futures):
            yield (futures[future], *future.result())


def _load_in_worker(load: Callable[[], SharedInputs]) -> None:
    prepare(load())
