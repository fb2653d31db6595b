"""The CLI through its real entry point: help, version, schemas, browsing, validate, and commands still to come."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolassess import __version__
from toolassess.cli import SchemaKind

EXAMPLE = Path(__file__).parents[1] / "toolassess" / "examples" / "exampleville.yaml"


def test_help_lists_every_command_of_the_spec(invoke):
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("assess", "score", "redundancy", "report", "compare", "tools", "criteria", "validate", "schema"):
        assert command in result.stdout


def test_version(invoke):
    result = invoke("--version")
    assert result.stdout.strip() == f"toolassess {__version__}"


@pytest.mark.parametrize("kind", list(SchemaKind))
def test_every_schema_is_json_schema(invoke, kind):
    result = invoke("schema", kind.value)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema.get("properties") or schema.get("items")


def test_plan_schema_forbids_unknown_keys(invoke):
    schema = json.loads(invoke("schema", "plan").stdout)
    assert schema["additionalProperties"] is False
    assert {"name", "channels", "profile", "lang"} <= set(schema["properties"])


def test_tools_list_json_names_every_tool(invoke):
    result = invoke("tools", "list", "--format", "json")
    tools = json.loads(result.stdout)
    assert {t["id"] for t in tools} >= {"whatsapp", "signal", "sms", "sirens"}
    whatsapp = next(t for t in tools if t["id"] == "whatsapp")
    assert whatsapp["facts"]["sourced"] > 0


def test_tools_show_json_gives_value_source_checked(invoke):
    result = invoke("tools", "show", "whatsapp", "--format", "json")
    sheet = json.loads(result.stdout)
    fact = sheet["facts"]["e2ee_groups"]
    assert fact["value"] == "default"
    assert fact["source"].startswith("http")
    assert fact["checked"]
    assert fact["status"] in ("sourced", "stale")
    assert "meta-platform" in sheet["depends_on"]


def test_tools_show_table_prints_facts_with_sources(invoke):
    result = invoke("tools", "show", "signal")
    assert result.exit_code == 0
    assert "e2ee_groups" in result.stdout
    assert "Depends on:" in result.stdout


def test_tools_show_unknown_id_suggests(invoke):
    result = invoke("tools", "show", "whatsap")
    assert result.exit_code == 2
    assert result.stderr.strip() == "unknown tool 'whatsap' (did you mean 'whatsapp'?) (see: toolassess tools list)"


def test_stale_after_reports_old_facts_as_stale(invoke, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(4_102_444_800))  # 2100-01-01: everything is old
    sheet = json.loads(invoke("tools", "show", "signal", "--format", "json").stdout)
    statuses = {f["status"] for f in sheet["facts"].values() if f["status"]}
    assert "stale" in statuses and "sourced" not in statuses


def test_criteria_list_json(invoke):
    lines = json.loads(invoke("criteria", "list", "--format", "json").stdout)
    assert {line["area"] for line in lines} >= {"gdpr", "encryption", "notification", "network-resilience"}
    assert all(line["origin"] and line["weight"] > 0 for line in lines)


def test_validate_accepts_the_bundled_example_and_catalogue(invoke):
    result = invoke("validate", str(EXAMPLE), "toolassess/catalog", "criteria")
    assert result.exit_code == 0, result.stderr
    assert "valid plan" in result.stdout and "valid tool" in result.stdout and "valid criteria" in result.stdout


def test_validate_json_prints_only_json(invoke):
    result = invoke("validate", str(EXAMPLE), "--format", "json")
    assert json.loads(result.stdout) == [{"path": str(EXAMPLE), "kind": "plan", "valid": True}]


def test_catalog_override_adds_a_tool(workdir, invoke):
    (workdir / "mine").mkdir()
    (workdir / "mine" / "radio.yaml").write_text(
        "id: town-radio\nname: Town radio\nkind: radio\ndeployment: the town's own VHF sets\n"
        "purposes: [communication]\ndepends_on: power-grid\n"
        "facts:\n  works_on_2g_edge: {value: false, source: 'Town radio manual', checked: 2026-01-10}\n"
    )
    result = invoke("tools", "show", "town-radio", "--catalog", "mine", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["depends_on"] == "power-grid"


def test_installed_command_runs_as_a_subprocess():
    executable = shutil.which("toolassess", path=str(Path(sys.executable).parent))
    assert executable, "the console script is installed beside the interpreter"
    done = subprocess.run(
        [executable, "tools", "show", "sms", "--format", "json"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "sms"
    module = subprocess.run(
        [sys.executable, "-m", "toolassess", "--version"], capture_output=True, text=True, timeout=60
    )
    assert module.stdout.strip() == f"toolassess {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["tools", "list"],
        ["tools", "show", "whatsapp"],
        ["criteria", "list"],
        ["redundancy", "toolassess/examples/exampleville.yaml"],
    ],
)
@pytest.mark.parametrize("columns", [60, 80, 130, 148, 200])
def test_terminal_views_fit_without_cutting_cells(runner, monkeypatch, args, columns):
    from toolassess.cli import app

    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.chdir(Path(__file__).parent.parent)
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    # Rich marks a cell it had to cut with "…" right before the cell's right border.
    assert not [line for line in lines if "… │" in line or "… ┃" in line]
    table = [line for line in lines if line.startswith(("│", "┃"))]
    assert not [line for line in table if not line.rstrip().endswith(("│", "┃"))]  # no right-hand column cropped


def test_tools_list_answers_from_its_cache_without_the_model_layer(tmp_path):
    """The built-in catalogue's lines are kept as JSON: the same output, and neither our models nor Pydantic load."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "TOOLASSESS_CACHE_DIR": str(tmp_path), "SOURCE_DATE_EPOCH": "1795564800"}  # 2026-11-24
    probe = (
        "import sys\nfrom toolassess.cli import app\n"
        "try:\n    app(['tools', 'list', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('toolassess.models.catalog', 'pydantic') if m in sys.modules]\n"
        "print(' '.join(heavy) or 'LIGHT', file=sys.stderr)\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert first.stderr.strip().endswith("toolassess.models.catalog pydantic")
    assert second.stderr.strip().endswith("LIGHT")
    assert first.stdout == second.stdout and json.loads(second.stdout)[0]["id"]
    assert list(tmp_path.glob("tools-list-*.json"))


VERDICT_PROBE = (
    "import sys\nfrom toolassess.cli import app\n"
    "try:\n    app(sys.argv[1:])\nexcept SystemExit as done:\n    code = done.code\n"
    "print('pydantic' in sys.modules, code, file=sys.stderr)\n"
)


def test_validate_answers_unchanged_valid_files_from_their_verdict(tmp_path, small_plan):
    """The second run prints the same bytes without loading Pydantic; JSON too; equal to a run without cache."""
    import os

    plan = tmp_path / "plan.yaml"
    plan.write_text(small_plan, encoding="utf-8")
    env = {**os.environ, "TOOLASSESS_CACHE_DIR": str(tmp_path / "cache")}

    def run(*args: str, cache: bool = True) -> subprocess.CompletedProcess[str]:
        environment = env if cache else {**env, "TOOLASSESS_CACHE_DIR": ""}
        command = [sys.executable, "-c", VERDICT_PROBE, "validate", str(plan), *args]
        return subprocess.run(command, env=environment, capture_output=True, text=True, check=True)

    fresh, first, second = run(cache=False), run(), run()
    assert fresh.stderr == first.stderr == "True 0\n" and second.stderr == "False 0\n"
    assert fresh.stdout == first.stdout == second.stdout == f"{plan}: valid plan\n"
    assert len(list((tmp_path / "cache").glob("validate-*.json"))) == 1
    assert run("--format", "json").stdout == run("--format", "json", cache=False).stdout
    assert run("--format", "json").stderr == "False 0\n"


def test_validate_checks_an_edited_file_again_and_never_keeps_an_invalid_verdict(
    workdir, runner, monkeypatch, small_plan
):
    from toolassess.cli import app

    monkeypatch.setenv("TOOLASSESS_CACHE_DIR", str(workdir / "cache"))
    plan = Path("plan.yaml")
    plan.write_text(small_plan, encoding="utf-8")
    assert runner.invoke(app, ["validate", "plan.yaml"]).exit_code == 0
    plan.write_text(small_plan.replace("tool: signal", "tool: signam"), encoding="utf-8")  # one byte
    cached = runner.invoke(app, ["validate", "plan.yaml"])
    monkeypatch.setenv("TOOLASSESS_CACHE_DIR", "")
    fresh = runner.invoke(app, ["validate", "plan.yaml"])
    assert cached.exit_code == fresh.exit_code == 2
    assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
    assert cached.stderr.startswith("plan.yaml:5:") and "unknown tool 'signam'" in cached.stderr
    assert len(list((workdir / "cache").glob("validate-*.json"))) == 1  # the valid version's only


def test_a_verdict_is_named_by_the_bytes_validated_not_those_digested_before(workdir, runner, monkeypatch, small_plan):
    """A file saved between the digest and the validation must not leave its earlier, invalid version 'valid'."""
    from toolassess.cli import app
    from toolassess.inputs import files, validation

    monkeypatch.setenv("TOOLASSESS_CACHE_DIR", str(workdir / "cache"))
    plan = Path("plan.yaml")
    invalid = small_plan.replace("tool: signal", "tool: signam")
    plan.write_text(invalid, encoding="utf-8")
    read_all = files.read_all

    def saved_meanwhile(paths):  # the editor saves the fixed version while validate loads its models
        plan.write_text(small_plan, encoding="utf-8")
        return read_all(paths)

    with monkeypatch.context() as patched:
        patched.setattr(files, "read_all", saved_meanwhile)
        patched.setattr(validation, "read_all", saved_meanwhile)
        assert runner.invoke(app, ["validate", "plan.yaml"]).exit_code == 0
    plan.write_text(invalid, encoding="utf-8")
    cached = runner.invoke(app, ["validate", "plan.yaml"])
    assert cached.exit_code == 2 and "unknown tool 'signam'" in cached.stderr


def test_the_builtin_digest_reads_the_files_the_catalogue_loader_reads(tmp_path, monkeypatch):
    """A built-in file named `.yaml` is loaded (files.yaml_files), so it must change the digest too."""
    from toolassess.inputs import cache

    monkeypatch.setattr(cache, "PACKAGE_DIR", tmp_path)
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "a.yaml").write_text("id: a\n")
    before = cache.builtin_digest.__wrapped__("catalog")
    (tmp_path / "catalog" / ".yaml").write_text("id: b\n")
    assert cache.builtin_digest.__wrapped__("catalog") != before


def test_no_home_folder_means_no_cache_not_a_crash(monkeypatch):
    """$HOME unset and no password entry (a container's arbitrary user): Path.home() raises RuntimeError."""
    from toolassess.inputs import cache

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("TOOLASSESS_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache.cache_dir() is None


def test_an_empty_cache_dir_disables_the_validate_verdicts(workdir, runner, monkeypatch, small_plan):
    from toolassess.cli import app

    monkeypatch.setenv("TOOLASSESS_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(workdir / "xdg"))
    monkeypatch.setenv("HOME", str(workdir / "home"))
    Path("plan.yaml").write_text(small_plan, encoding="utf-8")
    for _ in range(2):
        done = runner.invoke(app, ["validate", "plan.yaml"])
        assert done.exit_code == 0 and done.stdout == "plan.yaml: valid plan\n"
    assert sorted(p.name for p in workdir.rglob("*")) == ["plan.yaml"]


def test_cached_answers_are_named_by_the_programs_code_too(monkeypatch):
    """A `git pull` with a new validation rule and the same version must not be answered by an old verdict."""
    from toolassess.inputs import cache

    cache.builtin_digest.cache_clear()
    before = cache.builtin_digest("catalog", "criteria", "scenarios")
    monkeypatch.setattr(cache, "code_digest", lambda: "another program")
    cache.builtin_digest.cache_clear()
    try:
        assert cache.builtin_digest("catalog", "criteria", "scenarios") != before
    finally:
        cache.builtin_digest.cache_clear()
