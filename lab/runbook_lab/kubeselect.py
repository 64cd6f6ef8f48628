"""Kubernetes label and field selectors, as the API server parses them (stdlib only).

Label selector grammar (comma means AND):
``key=value``, ``key==value``, ``key!=value``, ``key``, ``!key``, ``key in (a,b)``, ``key notin (a,b)``.
Field selectors for nodes: ``metadata.name`` and ``spec.unschedulable`` with ``=``, ``==`` and ``!=``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

__all__ = ["SelectorError", "parse_label_selector", "parse_field_selector"]


class SelectorError(ValueError):
    """The selector cannot be parsed; the message is what the API server would answer with."""


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str  # "=", "!=", "in", "notin", "exists", "!exists"
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        present = self.key in labels
        if self.op == "exists":
            return present
        if self.op == "!exists":
            return not present
        if self.op in ("=", "in"):
            return present and labels[self.key] in self.values
        # "!=" and "notin" match objects without the label, as in Kubernetes.
        return not present or labels[self.key] not in self.values


_KEY = r"(?:[A-Za-z0-9][-A-Za-z0-9_.]*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?"
_VALUE = r"(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?"


def _split_terms(text: str) -> list[str]:
    terms, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            terms.append("".join(current))
            current = []
        else:
            current.append(ch)
    terms.append("".join(current))
    return [t.strip() for t in terms]


def parse_label_selector(text: str) -> Callable[[Mapping[str, str]], bool]:
    """Return a predicate over a label map; an empty selector matches everything."""
    text = (text or "").strip()
    if not text:
        return lambda labels: True
    requirements = []
    for term in _split_terms(text):
        if not term:
            raise SelectorError(f"unable to parse requirement: found '', expected: identifier (in {text!r})")
        m = re.fullmatch(rf"({_KEY})\s+(in|notin)\s+\((.*)\)", term)
        if m:
            values = tuple(v.strip() for v in m.group(3).split(",") if v.strip())
            requirements.append(Requirement(m.group(1), m.group(2), values))
            continue
        m = re.fullmatch(rf"({_KEY})\s*(==|!=|=)\s*({_VALUE})", term)
        if m:
            op = "!=" if m.group(2) == "!=" else "="
            requirements.append(Requirement(m.group(1), op, (m.group(3),)))
            continue
        m = re.fullmatch(rf"(!?)\s*({_KEY})", term)
        if m:
            requirements.append(Requirement(m.group(2), "!exists" if m.group(1) else "exists"))
            continue
        raise SelectorError(f"unable to parse requirement: {term!r}")
    return lambda labels: all(r.matches(labels) for r in requirements)


_NODE_FIELDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "metadata.name": lambda node: node["metadata"]["name"],
    "spec.unschedulable": lambda node: "true" if node.get("spec", {}).get("unschedulable") else "false",
}


def parse_field_selector(text: str) -> Callable[[Mapping[str, Any]], bool]:
    """Return a predicate over a Node object for the fields nodes support."""
    text = (text or "").strip()
    if not text:
        return lambda node: True
    checks = []
    for term in _split_terms(text):
        m = re.fullmatch(r"([A-Za-z.]+)\s*(==|!=|=)\s*(.*)", term)
        if not m:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{term}'")
        field, op, value = m.groups()
        if field not in _NODE_FIELDS:
            raise SelectorError(f'field label not supported: {field}')
        getter = _NODE_FIELDS[field]
        negate = op == "!="
        checks.append(lambda node, g=getter, v=value, n=negate: (g(node) == v) != n)
    return lambda node: all(check(node) for check in checks)
