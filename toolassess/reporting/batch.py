"""Many plans assessed in parallel processes (fork, forkserver or spawn), one report each."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolassess.audit.portfolio import digest
from toolassess.errors import ToolassessError
from toolassess.inputs.bundle import SharedInputs


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
    formats: tuple[str, ...]
    out_dir: Path | None
    audience: str
    lang: str | None
    template_dir: Path | None
    stem: str = ""  # the report name, unique in the run (report_stems); empty: the plan's stem
    protected: tuple[Path, ...] = ()  # every input of the run: no report may replace one


Worker = Callable[[PlanJob], tuple[str, str]]


_SHARED: SharedInputs | None = None  # set before the workers fork: they inherit it instead of reloading


def prepare(shared: SharedInputs) -> None:
    """Load once in the parent; forked workers inherit the catalogue, criteria and scenarios."""
    global _SHARED
    _SHARED = shared


def assess_job(job: PlanJob) -> tuple[str, str]:
    """Assess one plan and write its reports: ('ok', the plan's digest as JSON) or ('error', one-line message)."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import inputs_for_plan
    from toolassess.reporting import ReportFormat
    from toolassess.reporting.html import Audience
    from toolassess.reporting.writing import refuse_overwriting_inputs, report_paths, write_reports

    assert _SHARED is not None, "prepare() first"
    try:
        inputs = inputs_for_plan(job.plan, _SHARED)
        if job.lang is not None:
            inputs.plan = inputs.plan.model_copy(update={"lang": job.lang})
        assessment = build_assessment(inputs)
        paths = report_paths(job.stem or job.plan.stem, list(job.formats), job.audience, assessment.lang, job.out_dir)
        refuse_overwriting_inputs(paths.values(), job.protected)
        write_reports(
            inputs, assessment, [ReportFormat(f) for f in job.formats], Audience(job.audience), paths, job.template_dir
        )
        return "ok", digest(str(job.plan), assessment).model_dump_json()
    except ToolassessError as error:
        return "error", str(error)


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
