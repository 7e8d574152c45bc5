"""Every audit code the code base records is a member of AuditAction, and every member has a Thai
label: the audit trail never shows a raw code, and the vocabulary is one list a reader scans."""

import ast
import re
from pathlib import Path

import pytest

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction

WTS = Path(__file__).resolve().parents[2]
THAI = re.compile(r"[\u0E00-\u0E7F]")
CODES = {action.value for action in AuditAction}
ENUM_ATTRIBUTES = {"choices", "labels", "values", "names"}


def _sources():
    for path in sorted(WTS.rglob("*.py")):
        parts = path.relative_to(WTS).parts
        if "tests" in parts or "migrations" in parts or path.name == "vocabulary.py":
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_audit_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("record", "build"):
        return isinstance(func.value, ast.Name) and func.value.id == "AuditEvent"
    return isinstance(func, ast.Name) and func.id == "AuditEvent"


def _code_arguments(call: ast.Call):
    """The expressions a call passes as an audit code: its `action=` and its first positional argument."""
    for keyword in call.keywords:
        if keyword.arg == "action":
            yield keyword.value
    if call.args and not (isinstance(call.func, ast.Name) and call.func.id == "AuditEvent"):
        yield call.args[0]


def _literals(node):
    """String literals an expression can evaluate to (either side of `a if c else b`)."""
    if isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node


def audit_code_problems() -> list[str]:
    problems = []
    for path, tree in _sources():
        where = path.relative_to(WTS.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "AuditAction":
                if node.attr not in AuditAction.__members__ and node.attr not in ENUM_ATTRIBUTES:
                    problems.append(f"{where}:{node.lineno}: AuditAction.{node.attr} is not in the vocabulary")
            if not isinstance(node, ast.Call):
                continue
            audit_call = _is_audit_call(node)
            for argument in _code_arguments(node):
                for literal in _literals(argument):
                    # Any call handing a known code over as a bare string is a wrapper of the audit
                    # row (e.g. a module's _record helper); AuditEvent itself takes no string at all.
                    if audit_call or literal.value in CODES:
                        problems.append(f"{where}:{literal.lineno}: bare audit code {literal.value!r}, use AuditAction")
    return problems


def test_every_audit_code_used_has_a_thai_label():
    assert audit_code_problems() == []
    unlabelled = [action.value for action in AuditAction if not THAI.search(str(action.label))]
    assert unlabelled == []


def test_the_scan_catches_a_bare_code_and_an_unknown_member(tmp_path, monkeypatch):
    bad = tmp_path / "wts" / "somewhere"
    bad.mkdir(parents=True)
    (bad / "actions.py").write_text(
        'AuditEvent.record("report.confirmed", actor=None)\n'
        'AuditEvent(action="made.up", actor=None)\n'
        "AuditEvent.record(AuditAction.NOT_A_CODE)\n"
        '_record("account.login", None)\n'
        "AuditEvent.record(AuditAction.REPORT_CONFIRMED)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["WTS"]), "WTS", tmp_path / "wts")
    problems = audit_code_problems()
    assert len(problems) == 4, problems


def audit_writes_outside_the_one_way() -> list[str]:
    """Rows are made by AuditEvent.build and written by AuditEvent.record / record_many: the
    province is filled in one place. Any other constructor or manager write is listed."""
    problems = []
    for path, tree in _sources():
        if path.relative_to(WTS).parts[0] == "audit":
            continue
        where = path.relative_to(WTS.parent)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "AuditEvent":
                problems.append(f"{where}:{node.lineno}: AuditEvent(...), use AuditEvent.build")
            if (isinstance(func, ast.Attribute) and func.attr in ("create", "bulk_create")
                    and isinstance(func.value, ast.Attribute) and func.value.attr == "objects"
                    and isinstance(func.value.value, ast.Name) and func.value.value.id == "AuditEvent"):
                problems.append(f"{where}:{node.lineno}: AuditEvent.objects.{func.attr}, use record / record_many")
    return problems


def test_audit_rows_are_written_one_way_with_the_province_filled_in_one_place(world):
    assert audit_writes_outside_the_one_way() == []
    row = AuditEvent.build(AuditAction.REPORT_SUBMITTED, actor=world.officer, district=world.np_mueang)
    assert row.province_id == world.np.pk and row.pk is None
    [written] = AuditEvent.record_many([row])
    assert AuditEvent.objects.get(pk=written.pk).province_id == world.np.pk
    assert AuditEvent.record(AuditAction.REPORT_CONFIRMED, district=world.sk_mueang).province_id == world.sk.pk


def test_an_action_outside_the_vocabulary_is_refused_when_the_row_is_made():
    with pytest.raises(ValueError):
        AuditEvent.build("made.up")


def test_the_one_way_scan_catches_a_constructor_and_a_manager_write(tmp_path, monkeypatch):
    bad = tmp_path / "wts" / "somewhere"
    bad.mkdir(parents=True)
    (bad / "actions.py").write_text(
        "AuditEvent(action=AuditAction.REPORT_CONFIRMED)\n"
        "AuditEvent.objects.bulk_create(rows)\n"
        "AuditEvent.objects.create(action=AuditAction.REPORT_CONFIRMED)\n"
        "AuditEvent.record_many([AuditEvent.build(AuditAction.REPORT_CONFIRMED)])\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["WTS"]), "WTS", tmp_path / "wts")
    assert len(audit_writes_outside_the_one_way()) == 3
