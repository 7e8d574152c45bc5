"""Report states are written once (wts/rounds/states.py): no module compares a state with, or
filters on, a state typed again as a string. The scan reads the application's source."""

import ast

from tests.source_scan import WTS, application_sources
from wts.rounds.states import ReportState

STATES = set(ReportState.values)


def _strings(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            yield from _strings(element)


def _is_state(node) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "state") or (isinstance(node, ast.Name) and node.id == "state")


def _is_state_lookup(name: str | None) -> bool:
    return name is not None and (name == "state" or name.endswith("__state") or name.split("__")[-2:-1] == ["state"]
                                 or name == "state__in")


def retyped_states(root=WTS) -> list[str]:
    problems = []
    for path, tree in application_sources(root):
        for node in ast.walk(tree):
            candidates = []
            if isinstance(node, ast.Compare) and any(_is_state(n) for n in [node.left, *node.comparators]):
                candidates = [s for n in [node.left, *node.comparators] for s in _strings(n)]
            elif isinstance(node, ast.keyword) and _is_state_lookup(node.arg):
                candidates = list(_strings(node.value))
            for literal in candidates:
                if literal.value in STATES:
                    problems.append(f"{path.relative_to(root.parent)}:{literal.lineno}: state {literal.value!r} typed "
                                    "as a string, use ReportState")
    return problems


def test_report_states_are_never_typed_again_as_strings():
    assert retyped_states() == []


def test_the_scan_catches_a_comparison_and_a_filter(tmp_path):
    bad = tmp_path / "wts" / "somewhere"
    bad.mkdir(parents=True)
    (bad / "views.py").write_text(
        'waiting = [r for r in rows if r.state == "submitted"]\n'
        'Report.objects.filter(state__in=["returned", "confirmed"])\n'
        'Item.objects.filter(values__report__state="confirmed")\n'
        "Report.objects.filter(state=ReportState.CONFIRMED)\n"
        'Cell(status="in_progress")\n',
        encoding="utf-8",
    )
    assert len(retyped_states(tmp_path / "wts")) == 4
