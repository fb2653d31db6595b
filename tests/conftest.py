"""Shared fixtures: a CLI runner that keeps stdout and stderr apart, and a temporary working folder."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from toolassess.cli import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """Run in an empty folder so error messages show short relative paths."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
