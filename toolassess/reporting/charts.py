"""The plan's dependency diagram, drawn by Graphviz (`dot`) and embedded as an SVG data URI."""

from __future__ import annotations

import base64
import shutil
import textwrap

from toolassess.models.assessment import Assessment
from toolassess.models.base import short_name
from toolassess.models.findings import FindingKind
from toolassess.reporting.textsafe import visible

SHARED_FILL = "#f4b183"
TOOL_FILL = "#dae3f3"


def dependency_diagram(assessment: Assessment) -> str | None:
    """A data URI of the diagram: tools on top, what they rely on below, shared components highlighted.

    None when Graphviz is not installed (the report then says so).
    """
    if shutil.which("dot") is None:
        return None
    import graphviz  # the package quotes every label: YAML text never becomes DOT syntax

    shared = {c for f in assessment.findings if f.kind is FindingKind.FALSE_REDUNDANCY for c in f.components}
    plan_tools = {c.tool for c in assessment.channels}
    reached, frontier = set(plan_tools), list(plan_tools)
    while frontier:  # only what the plan's channels rely on (candidates alone are not in the plan)
        node = frontier.pop()
        for edge in assessment.dependency_edges:
            if edge.source == node and edge.target not in reached:
                reached.add(edge.target)
                frontier.append(edge.target)
    edges = [e for e in assessment.dependency_edges if e.source in reached]
    graph = graphviz.Digraph(
        "dependencies",
        graph_attr={
            "rankdir": "LR",
            "bgcolor": "white",
            "nodesep": "0.25",
            "ranksep": "0.45",
            "fontname": "DejaVu Sans",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": "DejaVu Sans",
            "fontsize": "10",
            "fillcolor": "white",
        },
        edge_attr={"color": "#7f7f7f", "arrowsize": "0.6"},
    )
    with graph.subgraph(name="tools", graph_attr={"rank": "source"}) as tools:
        for tool_id, tool in assessment.tools.items():
            if any(c.tool == tool_id for c in assessment.channels):
                # graphviz.escape: a name like "<B>x</B>" would otherwise be read as an HTML-like label
                tools.node(tool_id, graphviz.escape(visible(tool.name)), fillcolor=TOOL_FILL, penwidth="1.4")
    for component_id in assessment.components:
        if component_id in reached:
            highlighted = component_id in shared
            graph.node(
                component_id,
                graphviz.escape(_short(assessment.components[component_id].name)),
                fillcolor=SHARED_FILL if highlighted else "white",
                penwidth="1.6" if highlighted else "0.8",
            )
    for edge in edges:
        graph.edge(edge.source, edge.target, style="dashed" if edge.alternative else "solid")
    try:
        svg = graph.pipe(format="svg")
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError, OSError):
        return None  # the report says the diagram is missing rather than failing
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _short(name: str) -> str:
    """A component's name as a diagram label: before its first bracket, wrapped (the report's text gives the rest)."""
    return textwrap.fill(visible(short_name(name)), width=24)
