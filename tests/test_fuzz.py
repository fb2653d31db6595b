"""Random and mutated YAML never produces a traceback: only a located ToolassessError, or success."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolassess.errors import InputError, ToolassessError
from toolassess.loading import validate_paths

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
