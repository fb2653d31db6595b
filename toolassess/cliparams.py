"""Command-line values without Pydantic's import where Typer's own coercion would give the same value.

Typer (0.2x) turns every parameter value into its type with a Pydantic TypeAdapter, built on first use, even a
default or a plain string: importing Pydantic for that costs ~50 ms on every command, a quarter of `tools list`.
Here the values whose result is certain are handled directly: None, a parameter's own default (valid by
construction, and tested against Typer's coercion), a string for a `str`, a path for a `Path` (the same
`coerce_cli_path` checks Typer makes), a choice of an Enum, and lists of these. Anything else, and every value that
fails, goes to Typer's own coercion, so its results and its error messages are Typer's.

With a Typer that does not coerce this way (its private names are missing), nothing is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:
    from typer._click.exceptions import BadParameter
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - another Typer: it coerces its own way
    RuntimeParam = None  # type: ignore[assignment,misc]


def install_direct_coercion(params: list[Any]) -> None:
    """Give each Typer parameter that has not coerced anything yet the direct coercion below."""
    if RuntimeParam is None:
        return  # pragma: no cover
    for param in params:
        if isinstance(param, _TyperParameter) and getattr(param, "_runtime_param", False) is None:
            try:
                descriptor = param.type_descriptor
                direct = DirectParam(descriptor.parameter_info, descriptor.annotation, descriptor)
            except (AttributeError, TypeError):  # pragma: no cover - internals changed shape: Typer coerces alone
                continue
            param._runtime_param = direct


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class DirectParam(RuntimeParam):
        """Typer's coercion contract (None and multiple values handled by the base class), Pydantic only if needed."""

        descriptor: Any
        typer_coercion: list[Any] = field(default_factory=list, compare=False)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if value is param.default and isinstance(value, str | int | Enum):
                return value
            info, annotation = self.parameter_info, self.descriptor.annotation
            if info.parser is None and self.descriptor.file_annotation is None and info.path_type is None:
                many = get_origin(annotation) is list
                try:
                    if not many:
                        return self._direct(annotation, value, param, ctx)
                    if isinstance(value, list | tuple):
                        return [self._direct(get_args(annotation)[0], item, param, ctx) for item in value]
                except _Unsure:
                    pass
            return self._typer(value, param, ctx)

        def _direct(self, leaf: Any, value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, str):
                raise _Unsure
            if leaf is str:
                return value
            try:
                if leaf is Path:  # Typer makes the same Path (through Pydantic), then the same checks
                    return coerce_cli_path(Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx)
                if isinstance(leaf, type) and issubclass(leaf, Enum):
                    info = self.parameter_info
                    return coerce_cli_choice(value, choices=list(leaf), case_sensitive=info.case_sensitive, ctx=ctx)
            except (BadParameter, ValueError):
                raise _Unsure from None  # Typer's coercion says why, in its words (the path as typed)
            except (AttributeError, TypeError):  # internals changed shape (another Typer): let Typer coerce it
                raise _Unsure from None
            raise _Unsure

        def _typer(self, value: Any, param: Any, ctx: Any) -> Any:
            if not self.typer_coercion:
                self.typer_coercion.append(build_runtime_param(self.descriptor))
            return self.typer_coercion[0]._coerce_value(value, param=param, ctx=ctx)


class _Unsure(Exception):
    """This value is left to Typer's own coercion."""
