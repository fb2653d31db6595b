"""The source policy: what kind of source a citation is (vendor, law, press…), read from policy/sources.yaml.

An auditor accepts a fact on the strength of its source, so the kind is part of the fact as the reader sees it
(`tools show`, the report's source lists). A URL's kind comes from its host (the longest listed suffix wins, so
`help.x.com` is classified by an entry for `x.com`, and `github.com/signalapp` by its own entry); a source given
as a document title (a law, a circular, a report) is classified by its exact title. One file says it all, so an
auditor reviews the policy in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, get_args
from urllib.parse import urlsplit

from pydantic import Field

from toolassess.models.base import Identifier, Model
from toolassess.models.facts import Outage, SourceKind

if TYPE_CHECKING:
    from toolassess.models.catalog import Catalog

POLICY_FILE = Path(__file__).parent.parent / "policy" / "sources.yaml"

ACCEPTED_KINDS: frozenset[str] = frozenset({"vendor", "law", "regulator", "standard", "research", "press"})
"""Kinds an auditor accepts as evidence; encyclopaedias and aggregators only when nothing primary exists."""
FALLBACK_KINDS: frozenset[str] = frozenset({"encyclopaedia", "aggregator"})


class SourceRule(Model):
    """How one host (and its subdomains) is classified."""

    kind: SourceKind
    vendor_of: list[Identifier] = Field(
        default_factory=list, description="for a vendor: the tools and components it speaks for with authority"
    )
    phone_platform: bool = Field(
        False, description="a vendor documenting the phone operating system every tool runs on (notifications, DND)"
    )
    why: str | None = Field(None, description="for a forbidden host: why it is never cited")


class SourcePolicy(Model):
    """Every classified host."""

    hosts: dict[str, SourceRule] = Field(description="host (without www.) or exact document title → rule")

    def rule_for(self, source: str) -> SourceRule | None:
        """The rule of a URL's host (longest matching suffix) or of a document title; None when unclassified."""
        host = url_host(source)
        if host is None:
            return self.hosts.get(source.strip())
        # A code host speaks for no one: `github.com/signalapp` is Signal's, so the first path segment counts.
        segments = urlsplit(source).path.strip("/").lower().split("/")
        segment = segments[1] if segments[0] == "orgs" and len(segments) > 1 else segments[0]  # github.com/orgs/X
        labels = host.split(".")
        for start in range(len(labels) - 1):
            suffix = ".".join(labels[start:])
            rule = (segment and self.hosts.get(f"{suffix}/{segment}")) or self.hosts.get(suffix)
            if rule is not None:
                return rule
        return None


def url_host(source: str) -> str | None:
    """The lower-case host of an http(s) URL without 'www.', or None when the source is not a URL."""
    if not source.startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(source).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


@cache
def source_policy() -> SourcePolicy:
    """The built-in source policy (parsed once per process)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # package data, parsed on every command: libyaml when there
    raw = yaml.load(POLICY_FILE.read_text(encoding="utf-8"), Loader=loader) or {}
    return SourcePolicy.model_validate({"hosts": raw})


@lru_cache(maxsize=4096)  # scoring asks once per fact read per tool; sources repeat across tools
def source_kind(source: str | None) -> str | None:
    """The kind of a source under the policy; None when the source is absent or unclassified."""
    if source is None:
        return None
    rule = source_policy().rule_for(source)
    return None if rule is None else rule.kind


SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)


def cited_sources(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """Every (subject id, where, source) the catalogue cites: facts, outages, dependency evidence, components."""
    for tool in catalog.tools.values():
        for name, fact in tool.facts.recorded().items():
            if fact.source:
                yield tool.id, f"tool {tool.id} fact {name}", fact.source
            if isinstance(fact.value, list):
                for item in fact.value:
                    if isinstance(item, Outage):
                        yield tool.id, f"tool {tool.id} outage {item.date}", item.source
        for link in tool.dependency_evidence:
            yield tool.id, f"tool {tool.id} dependency evidence ({link.component})", link.source
    for component in catalog.components.values():
        for incident in component.incidents:
            yield component.id, f"component {component.id} incident {incident.date}", incident.source
        for evidence in component.sources:
            yield component.id, f"component {component.id} source", evidence.source


def policy_violations(catalog: Catalog) -> list[str]:
    """Sources the policy does not accept: unclassified, forbidden, or a vendor speaking about someone else's tool.

    A vendor speaks with authority about what it runs — its tools and components, a tool that depends on them
    (Apple on APNs for any app's push), and for the makers of phone systems the phone itself (what Do Not Disturb
    lets through) — never about a competitor.
    """
    from toolassess.models.catalog import component_ids, dependency_graph, reachable

    graph = dependency_graph(catalog.components)
    graph |= {tool.id: list(component_ids(tool.depends_on)) for tool in catalog.tools.values()}

    def reaches(subject: str) -> set[str]:
        """The subject and every component it depends on, directly or not."""
        return {subject} | reachable(graph, subject)

    policy = source_policy()
    problems = []
    for subject, where, source in cited_sources(catalog):
        rule = policy.rule_for(source)
        if rule is None:
            problems.append(f"{where}: unclassified source {source}")
        elif rule.kind == "forbidden":
            problems.append(f"{where}: forbidden source {source} ({rule.why or 'no reason given'})")
        elif rule.kind == "vendor" and not rule.phone_platform and not set(rule.vendor_of) & reaches(subject):
            problems.append(f"{where}: {source} is the vendor of {', '.join(rule.vendor_of) or 'nothing listed'}")
    return problems
