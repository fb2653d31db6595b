"""Every kind of bad input gives ONE line `FILE:LINE:COL: field: message`, exit code 2, no traceback, fast."""

from __future__ import annotations

import pytest

GOOD_CHANNELS = "channels:\n  - tool: sms\n    purpose: [notification]\n"

# (file name, content, exact first line of stderr)
BAD_INPUTS = [
    (
        "plan.yaml",
        "name: X\nchannels:\n  - tool: teams\n    purpos: [communication]\n",
        "plan.yaml:4:5: channels.0.purpos: unknown field (did you mean 'purpose'?)",
    ),
    ("plan.yaml", "name: [x\n" + GOOD_CHANNELS, "plan.yaml:2:9: invalid YAML: did not find expected ',' or ']'"),
    (
        "plan.yaml",
        "name: X\nchannels:\n\t- tool: sms\n",
        "plan.yaml:3:1: tab character in indentation: YAML indents with spaces",
    ),
    ("plan.yaml", "name: X\nchannels: 5\n", "plan.yaml:2:11: channels: input should be a valid list (got 5)"),
    (
        "plan.yaml",
        "name: X\n" + GOOD_CHANNELS + "    last_tested: 2026-13-01\n",
        "plan.yaml:5:18: channels.0.last_tested: input should be a valid date or datetime, "
        "month value is outside expected range of 1-12 (got '2026-13-01')",
    ),
    (
        "plan.yaml",
        "name: X\n" + GOOD_CHANNELS + "    last_tested: yesterday\n",
        "plan.yaml:5:18: channels.0.last_tested: input should be a valid date or datetime, "
        "input is too short (got 'yesterday')",
    ),
    (
        "plan.yaml",
        "name: X\nchannels:\n  - tool: whatsap\n    purpose: [communication]\n",
        "plan.yaml:3:11: channels.0.tool: unknown tool 'whatsap' (did you mean 'whatsapp'?) (see: toolassess tools list)",
    ),
    (
        "plan.yaml",
        "name: X\n" + GOOD_CHANNELS + "    role: main\n",
        "plan.yaml:5:11: channels.0.role: expected one of 'primary' or 'backup' (got 'main')",
    ),
    (
        "plan.yaml",
        "name: X\nprofile: managment-team\n" + GOOD_CHANNELS,
        "plan.yaml:2:10: profile: unknown profile 'managment-team' (did you mean 'management-team'?)",
    ),
    (
        "plan.yaml",
        "name: X\n" + GOOD_CHANNELS + "  - tool: sms\n    purpose: [notifcation]\n",
        "plan.yaml:6:15: channels.1.purpose.0: expected one of 'communication', 'notification' or "
        "'public-information' (got 'notifcation')",
    ),
    (
        "plan.yaml",
        "channels:\n  - tool: sms\n    purpose: [notification]\n",
        "plan.yaml:1:1: name: required field is missing",
    ),
    ("plan.yaml", "name: X\nname: Y\n" + GOOD_CHANNELS, "plan.yaml:2:1: name: duplicate key (first at line 1)"),
    ("plan.yaml", "", "plan.yaml:1:1: file is empty"),
    ("plan.yaml", "# only a comment\n", "plan.yaml:1:1: file is empty"),
    ("plan.yaml", b"name: X\n\x00\x01\x02", "plan.yaml:2:1: binary file (NUL byte): expected YAML text"),
    ("plan.yaml", b"name: X\nchannels: \xff\xfe\n", "plan.yaml:2:1: not UTF-8 text: expected YAML in UTF-8"),
    (
        "plan.yaml",
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b]\n',
        "plan.yaml:2:8: YAML aliases (*name) are not allowed in inputs",
    ),
    ("plan.yaml", "name: " + "[" * 200 + "]" * 200 + "\n", "plan.yaml:1:"),  # depth: column varies with libyaml
    (
        "plan.yaml",
        "name: X\n" + "# padding\n" * 120_000,
        "plan.yaml:1:1: file is too large (over 1024 KiB): not a hand-written input",
    ),
    (
        "tool.yaml",
        "id: mytool\nname: My tool\nkind: messenger\ndeployment: test\npurposes: [communication]\n"
        "depends_on: {all: [internet-access, meta-platfrom]}\n",
        "tool.yaml:6:37: depends_on.all.1: unknown component 'meta-platfrom' (did you mean 'meta-platform'?)",
    ),
    (
        "tool.yaml",
        "id: mytool\nname: My tool\nkind: messenger\ndeployment: test\npurposes: [communication]\n"
        "facts:\n  e2ee_groups: {value: yes}\n",
        "tool.yaml:7:24: facts.e2ee_groups.value: expected one of 'default', 'opt-in' or 'none' (got True)",
    ),
    (
        "tool.yaml",
        "id: mytool\nname: My tool\nkind: messenger\ndeployment: test\npurposes: [communication]\n"
        "facts:\n  e2e_groups: {value: default, source: x, checked: 2026-01-01}\n",
        "tool.yaml:7:3: facts.e2e_groups: unknown field (did you mean 'e2ee_groups'?)",
    ),
    (
        "tool.yaml",
        "id: mytool\nname: My tool\nkind: messenger\ndeployment: test\npurposes: [communication]\n"
        "facts:\n  sso: {value: true, unknown: not documented}\n",
        "tool.yaml:7:8: facts.sso: a fact needs exactly one of 'value', 'unknown' (with the reason) or"
        " 'not_applicable' (with the reason)",
    ),
    (
        "components.yaml",
        "- {id: a-net, name: A, kind: internet}\n- {id: a-net, name: B, kind: internet}\n",
        "components.yaml:2:8: 1.id: duplicate component id 'a-net' (first in components.yaml:1)",
    ),
    (
        "components.yaml",
        "- {id: a-net, name: A, kind: internet, depends_on: b-net}\n"
        "- {id: b-net, name: B, kind: internet, depends_on: {any: [power-grid, a-net]}}\n",
        "components.yaml:1:52: 0.depends_on: dependency cycle: a-net → b-net → a-net",
    ),
    (
        "criteria.yaml",
        "area: test\ntitle: {en: T, fr: T}\ncriteria:\n  - id: c1\n    title: {en: T, fr: T}\n"
        "    rationale: {en: R, fr: R}\n    weight: 1\n    origin: [test]\n    levels:\n"
        "      - {score: 100, when: {fact: e2ee_group, op: equals, value: default}, label: {en: a, fr: a}}\n"
        "      - {score: 0, label: {en: b, fr: b}}\n",
        "criteria.yaml:10:35: criteria.0.levels.0.when.fact: unknown fact 'e2ee_group' (did you mean 'e2ee_groups'?)",
    ),
    (
        "criteria.yaml",
        "area: test\ntitle: {en: T, fr: T}\ncriteria:\n  - id: c1\n    title: {en: T, fr: T}\n"
        "    rationale: {en: R, fr: R}\n    weight: 1\n    origin: [test]\n    levels:\n"
        "      - {score: 100, when: {fact: sso, op: equal, value: true}, label: {en: a, fr: a}}\n"
        "      - {score: 0, label: {en: b, fr: b}}\n",
        "criteria.yaml:10:44: criteria.0.levels.0.when.op: unknown operator 'equal' (did you mean 'equals'?)",
    ),
    (
        "profile.yaml",
        "id: mine\ntitle: {en: T, fr: T}\ndescription: {en: D, fr: D}\ngates:\n"
        "  - {criterion: e2ee-group, min_score: 50, action: warn, reason: {en: r, fr: r}}\n",
        "profile.yaml:5:17: gates.0.criterion: unknown criterion 'e2ee-group' (did you mean 'e2ee-groups'?)",
    ),
    ("notes.yaml", "just: a mapping\n", "notes.yaml:1:1: cannot tell what this file is"),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), BAD_INPUTS, ids=[f"{i}:{e[2][:40]}" for i, e in enumerate(BAD_INPUTS)]
)
def test_bad_input_gives_one_located_line_and_exit_2(workdir, runner, name, content, expected):
    from toolassess.cli import app

    path = workdir / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    result = runner.invoke(app, ["validate", name])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected), lines[0]
    assert "Traceback" not in result.output  # how fast it answers is measured in benchmarks/, not asserted here
    assert path.read_bytes() == before  # an input file is never modified


def test_several_errors_are_counted_on_the_same_line(workdir, invoke):
    (workdir / "plan.yaml").write_text("name: X\nlang: de\nchannels:\n - tool: sms\n   purpose: [comm]\n")
    result = invoke("validate", "plan.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == "plan.yaml:2:7: lang: expected one of 'fr' or 'en' (got 'de') (and 1 more error)"


def test_missing_path_is_a_usage_error(workdir, invoke):
    result = invoke("validate", "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == "nowhere.yaml: no such file or folder"


def test_debug_shows_the_traceback(workdir, runner):
    from toolassess.cli import app
    from toolassess.errors import InputError

    (workdir / "plan.yaml").write_text("")
    result = runner.invoke(app, ["--debug", "validate", "plan.yaml"])
    assert isinstance(result.exception, InputError)


CRITERION_HEAD = (
    "area: test\ntitle: {en: T, fr: T}\ncriteria:\n  - id: c1\n    title: {en: T, fr: T}\n"
    "    rationale: {en: R, fr: R}\n    weight: 1\n    origin: [test]\n    levels:\n"
)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{fact: owner, op: equals, value: {a: 1}}", "input should be"),
        ("{fact: owner, op: gte, value: 3}", "operator 'gte' compares numbers, but 'owner' is not a number"),
        ("{fact: sso, op: count_gte, value: 1}", "operator 'count_gte' works on lists, but 'sso' is not a list"),
        ("{fact: bearers, op: is_empty, value: 3}", "operator 'is_empty' takes value: true or false"),
    ],
)
def test_malformed_rules_are_refused_when_criteria_load(workdir, invoke, rule, message):
    (workdir / "criteria.yaml").write_text(
        CRITERION_HEAD
        + f"      - {{score: 100, when: {rule}, label: {{en: a, fr: a}}}}\n      - {{score: 0, label: {{en: b, fr: b}}}}\n"
    )
    result = invoke("validate", "criteria.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("criteria.yaml:10:") and message in result.stderr


def test_non_finite_profile_weights_are_refused(workdir, invoke):
    (workdir / "profile.yaml").write_text(
        "id: p\ntitle: {en: T, fr: T}\ndescription: {en: D, fr: D}\nweights: {gdpr: .inf}\n"
    )
    result = invoke("score", "signal", "--profile", "profile.yaml")
    assert result.exit_code == 2 and result.stderr.startswith(
        "profile.yaml:4:17: weights.gdpr: input should be a finite number"
    )


def test_a_profile_with_default_weights_is_recognised(workdir, invoke):
    (workdir / "profile.yaml").write_text("id: plain\ntitle: {en: T, fr: T}\ndescription: {en: D, fr: D}\n")
    assert invoke("validate", "profile.yaml").stdout.strip() == "profile.yaml: valid profile"


def test_an_empty_folder_is_an_error_not_a_silent_pass(workdir, invoke):
    (workdir / "empty").mkdir()
    result = invoke("validate", "empty")
    assert result.exit_code == 2 and "no YAML files" in result.stderr


def test_markup_in_names_stays_text_in_the_terminal_and_the_diagram(workdir, invoke):
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs
    from toolassess.reporting.charts import dependency_diagram

    (workdir / "cat").mkdir()
    (workdir / "cat" / "t.yaml").write_text(
        "id: evil\nname: '<B>x</B><IMG SRC=\"/etc/hostname\"/>'\nkind: messenger\ndeployment: d\npurposes: [communication]\n"
        "depends_on: internet-access\n"
    )
    (workdir / "plan.yaml").write_text(
        "name: 'Cellule [/b] [link=https://evil]x[/link]'\nchannels:\n  - {tool: evil, purpose: [communication]}\n"
    )
    result = invoke("assess", "plan.yaml", "--catalog", "cat", "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "Cellule [/b] [link=https://evil]x[/link]" in result.stdout
    import base64

    diagram = dependency_diagram(build_assessment(load_inputs(workdir / "plan.yaml", [workdir / "cat"])))
    if diagram:
        svg = base64.b64decode(diagram.split(",", 1)[1]).decode()
        assert "&lt;B&gt;x&lt;/B&gt;" in svg and "<image" not in svg
