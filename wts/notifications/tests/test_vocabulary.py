"""Every notification the application sends names its kind from NotificationKind, never a bare
string, so the kinds are one list a reader scans (wts/notifications/vocabulary.py)."""

import ast

from tests.source_scan import WTS, application_sources
from wts.notifications.vocabulary import NotificationKind


def _is_kind_from_the_vocabulary(node) -> bool:
    """`NotificationKind.X` with X a member, or `NotificationKind(expr)`."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "NotificationKind":
        return node.attr in NotificationKind.__members__
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "NotificationKind"


def notification_kind_problems(root=WTS) -> list[str]:
    problems = []
    for path, tree in application_sources(root):
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "notify"):
                continue
            kinds = [k.value for k in node.keywords if k.arg == "kind"]
            if not kinds or not _is_kind_from_the_vocabulary(kinds[0]):
                problems.append(f"{path.relative_to(root.parent)}:{node.lineno}: notify() without a NotificationKind")
    return problems


def test_every_notification_names_its_kind_from_the_vocabulary():
    assert notification_kind_problems() == []
    assert all(str(kind.label) for kind in NotificationKind)


def test_the_scan_catches_a_bare_kind_and_an_unknown_member(tmp_path):
    bad = tmp_path / "wts" / "somewhere"
    bad.mkdir(parents=True)
    (bad / "actions.py").write_text(
        'notify(users, kind="reminder", title="x")\n'
        "notify(users, kind=NotificationKind.NOT_A_KIND, title='x')\n"
        "notify(users, title='x')\n"
        "notify(users, kind=NotificationKind.REMINDER, title='x')\n"
        "notify(users, kind=NotificationKind(action), title='x')\n",
        encoding="utf-8",
    )
    assert len(notification_kind_problems(tmp_path / "wts")) == 3
