"""Command-line values coerced without Pydantic (cliparams.py) are exactly what Typer's own coercion gives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("typer._coercion", reason="a Typer without the coercion cliparams.py shortcuts")
import typer.main
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from toolassess.cli import app
from toolassess.cliparams import DirectParam


def _parameters() -> list[tuple[Any, _TyperParameter]]:
    """Every Typer parameter of every command and group, with its command."""
    found = []

    def walk(command: Any) -> None:
        ctx = Context(command)
        found.extend((command, p) for p in command.get_params(ctx) if isinstance(p, _TyperParameter))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return found


PARAMETERS = _parameters()


def _both(command: Any, param: _TyperParameter, value: Any) -> tuple[Any, Any]:
    """The value as Typer's coercion gives it and as the direct one does (or the error message of each)."""
    descriptor = param.type_descriptor
    ctx = Context(command)
    results = []
    for coercion in (
        build_runtime_param(descriptor),
        DirectParam(descriptor.parameter_info, descriptor.annotation, descriptor),
    ):
        try:
            results.append(coercion.coerce(value, param=param, ctx=ctx))
        except BadParameter as error:
            results.append(("error", error.format_message()))
    return results[0], results[1]


@pytest.mark.parametrize(("command", "param"), PARAMETERS, ids=lambda x: getattr(x, "name", None) or "?")
def test_defaults_and_none_coerce_as_typer_does(command, param):
    for value in {id(v): v for v in (param.default, None)}.values():
        typer_value, direct_value = _both(command, param, value)
        assert direct_value == typer_value and type(direct_value) is type(typer_value)


def test_typed_values_coerce_as_typer_does(tmp_path):
    unreadable = tmp_path / "secret.yaml"
    unreadable.write_text("x")
    unreadable.chmod(0)
    samples = [
        "plan.yaml",
        "",
        "./a//b/../c",
        str(tmp_path),
        str(unreadable),
        "table",
        "json",
        "JSON",
        "xml",
        "365",
        "0",
        "fr",
        "-",
    ]
    checked = 0
    for command, param in PARAMETERS:
        if param.type_descriptor.annotation is bool:
            continue
        many = param.multiple or param.nargs == -1
        for sample in samples:
            value: Any = (sample, "other.yaml") if many else sample
            typer_value, direct_value = _both(command, param, value)
            assert direct_value == typer_value, (command.name, param.name, value)
            assert type(direct_value) is type(typer_value)
            checked += 1
    assert checked > 100
    if os.geteuid() != 0:  # root reads everything: the "not readable" message cannot be produced
        command, param = next((c, p) for c, p in PARAMETERS if p.type_descriptor.annotation is Path)
        assert _both(command, param, str(unreadable))[1][0] == "error"
