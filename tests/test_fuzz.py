"""Random and mutated YAML never produces a traceback: only a located ToolassessError, or success."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolassess.errors import InputError, ToolassessError
from toolassess.inputs.validation import validate_paths

SEED_PLAN = (Path(__file__).parents[1] / "toolassess" / "examples" / "exampleville.yaml").read_text(encoding="utf-8")
SEED_TOOL = (Path(__file__).parents[1] / "toolassess" / "catalog" / "tools" / "signal.yaml").read_text(encoding="utf-8")

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(tmp_path: Path, text: str | bytes) -> None:
    path = tmp_path / "input.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        validate_paths([path])
    except InputError as error:
        assert error.path == str(path) and error.line >= 1 and error.column >= 1
        assert "\n" not in str(error)
    except ToolassessError as error:
        assert "\n" not in str(error)


@FUZZ
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400))
def test_random_text(tmp_path, text):
    _check(tmp_path, text)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(tmp_path, data):
    _check(tmp_path, data)


def _mutations(seed: str):
    lines = seed.splitlines(keepends=True)
    return st.tuples(
        st.integers(0, len(lines) - 1),
        st.sampled_from(["delete", "duplicate", "indent", "dedent", "char", "swap"]),
        st.text(alphabet=":-[]{}&*!|>'\"#\t x0", min_size=1, max_size=3),
    ).map(lambda m: _mutate(lines, *m))


def _mutate(lines: list[str], index: int, how: str, chars: str) -> str:
    lines = list(lines)
    line = lines[index]
    if how == "delete":
        del lines[index]
    elif how == "duplicate":
        lines.insert(index, line)
    elif how == "indent":
        lines[index] = "  " + line
    elif how == "dedent":
        lines[index] = line.lstrip()
    elif how == "char":
        middle = len(line) // 2
        lines[index] = line[:middle] + chars + line[middle:]
    else:
        lines[index], lines[-1] = lines[-1], line
    return "".join(lines)


@FUZZ
@given(_mutations(SEED_PLAN))
def test_mutated_plan(tmp_path, text):
    _check(tmp_path, text)


@FUZZ
@given(_mutations(SEED_TOOL))
def test_mutated_tool_profile(tmp_path, text):
    _check(tmp_path, text)


# ---------------------------------------------------------------- the real CLI on hostile shapes (issue 16)

HOSTILE_VALUES = [
    "9" * 5000,  # past Python's int conversion limit
    "'[/bold]x[red]'",  # Rich markup
    '"\\e[2J\\e]0;pwned\\a\\e]8;;http://x\\e\\\\link"',  # clear screen, window title, OSC 8 link
    '"a\\nplan.yaml:1:1: spoofed line"',  # a second error line
    "!!set {a, b}",
    "!!binary aGVsbG8=",
    '"\\u202eevil"',  # right-to-left override
    "[" * 200 + "]" * 200,  # nesting
    "{a: {b: {c: {d: {e: 1}}}}}",
    "=cmd|' /C calc'!A0",  # spreadsheet formula
    '" \\t=1+1"',
]


def _hostile_tool(value: str, field: str) -> str:
    text = SEED_TOOL.replace("id: signal", "id: probe", 1)
    if field == "name":
        return text.replace("name: Signal", f"name: {value}", 1)
    return text.replace("  owner:\n    value:", f"  owner:\n    note: {value}\n    value:", 1)


CLI_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@CLI_FUZZ
@given(st.sampled_from(HOSTILE_VALUES), st.sampled_from(["name", "note"]), st.sampled_from(["show", "score"]))
def test_the_cli_answers_hostile_catalogue_values_with_text_or_one_line(tmp_path_factory, value, field, command):
    from typer.testing import CliRunner

    from toolassess.cli import app

    folder = tmp_path_factory.mktemp("cat")
    (folder / "probe.yaml").write_text(_hostile_tool(value, field), encoding="utf-8")
    args = ["tools", "show", "probe"] if command == "show" else ["score", "probe", "signal"]
    result = CliRunner().invoke(app, [*args, "--catalog", str(folder)], catch_exceptions=False)
    assert result.exit_code in (0, 2)
    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1


@CLI_FUZZ
@given(st.sampled_from(HOSTILE_VALUES), st.sampled_from(["name", "organisation", "note"]))
def test_the_cli_answers_hostile_plan_values_with_text_or_one_line(tmp_path_factory, value, field):
    from typer.testing import CliRunner

    from toolassess.cli import app

    folder = tmp_path_factory.mktemp("plan")
    import re

    if field == "note":
        text = SEED_PLAN.replace("role: primary", f"role: primary, note: {value}", 1)
    else:
        text = re.sub(rf"(?m)^{field}:.*$", lambda _: f"{field}: {value}", SEED_PLAN, count=1)
    (folder / "p.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["report", str(folder / "p.yaml"), "--format", "json,csv,md", "--out", str(folder / "out")],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 2)
    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1
    else:
        markdown = next((folder / "out").glob("*.md")).read_text(encoding="utf-8")
        assert "\x1b" not in markdown
