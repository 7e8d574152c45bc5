"""Issue 14: every state change goes through an action.

The source of wts/ (outside tests and migrations) is read as syntax trees, and every call that can
write a model (`.save(`, `.create(`, `.update(`, `.delete(`, bulk writes, `set_password` ...) is
listed by module, function and method. Inside an `actions.py` module (or an `actions/` package) it
is where writes belong; anywhere else (views, the API, forms, admin, management commands,
loaders) it must be in WRITES_OUTSIDE_ACTIONS below with the reason it is not a state change of
its own. A new write in a view fails here until it moves into an action (or is argued for).
The Django admin writes without any call in our source, so its models are checked apart: each
ModelAdmin is read-only, or its save_model calls an action.
"""

import ast
import inspect
import textwrap
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parent.parent
WTS = ROOT / "wts"
WRITE_METHODS = {
    "save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create",
    "set_password", "set_unusable_password",
}

FILE = "not a model: writes a workbook or document into a byte buffer"
DICT = "not a model: a dict's update"
OWN_SAVE = "the model's own save(), extended; called by the actions"

# "module:function:method" -> why it may write outside an action.
JOB = "the job machinery's own bookkeeping (queue state, progress, heartbeat, attempts): not a decision anyone audits"

WRITES_OUTSIDE_ACTIONS = {
    "wts/jobs/handlers.py:remove_expired_files:delete": "housekeeping: generated files past their expiry, removed by the clean-up job",
    "wts/jobs/models.py:JobSchedule.current:create": "housekeeping: the one schedule row created with its defaults on first read; changes go through update_job_schedule",
    "wts/jobs/runner.py:start_job:create": JOB,
    "wts/jobs/runner.py:enqueue:update": JOB,
    "wts/jobs/runner.py:Progress.step:update": JOB,
    "wts/jobs/runner.py:Progress.save_file:update_or_create": "the job's generated file, owned by the job that made it (one per job, so a re-run never duplicates it)",
    "wts/jobs/runner.py:_Heartbeat.report:update": JOB,
    "wts/jobs/runner.py:_Heartbeat.run:update": JOB,
    "wts/jobs/runner.py:run_job:update": JOB,
    "wts/jobs/runner.py:_record_failure:update": JOB,
    "wts/jobs/runner.py:recover_stalled_jobs:update": JOB,
    "wts/jobs/runner.py:_fail_queue_entry:update": JOB,
    "wts/jobs/scheduler.py:claim:create": "housekeeping: the row that makes a scheduled start happen once however many workers run",
    "wts/jobs/scheduler.py:claim:save": "housekeeping: the row that makes a scheduled start happen once however many workers run",
    "wts/jobs/storage.py:DatabaseStorage._save:create": "a file storage backend (Django's Storage API), called by the action that saves the upload",
    "wts/jobs/storage.py:DatabaseStorage.delete:delete": "a file storage backend (Django's Storage API), called by the action that removes the upload",
    "wts/notifications/jobs.py:_send_one:update": "housekeeping: each email's outcome (sending, sent, failed) recorded by the worker",
    "wts/notifications/jobs.py:_record_failure:update": "housekeeping: each email's outcome (sending, sent, failed) recorded by the worker",
    "wts/notifications/jobs.py:_postpone:update": "housekeeping: an email's next try after a back-off",
    "wts/notifications/jobs.py:recover_emails:update": "housekeeping: emails caught mid-send by a killed worker marked as outcome unknown",
    "wts/accounts/models.py:User.save:save": OWN_SAVE,
    "wts/accounts/sessions.py:end_web_sessions:delete": "housekeeping: ends the user's sessions, called by the "
                                                        "password and deactivation actions",
    "wts/accounts/slips.py:make_slip_token:delete": "housekeeping: expired rows of the short-lived credential slip store",
    "wts/accounts/slips.py:make_slip_token:create": "housekeeping: the short-lived encrypted store of passwords an "
                                                    "account action has just issued (and audited); erased on print",
    "wts/accounts/slips.py:_erase:update": "housekeeping: a slip's secrets are erased once printed (cache row)",
    "wts/accounts/slips.py:account_list_template:save": FILE,
    "wts/analytics/exports.py:table_xlsx:save": FILE,
    "wts/lib/pdf_fonts.py:_source_hash:update": "not a model: a hash of the font files",
    "wts/lib/pdf_fonts.py:fixed_font_dir:save": "not a model: writes the rebuilt PDF font into its cache folder",
    "wts/api/auth.py:TokenAuth.authenticate:update": "housekeeping: the token's last-used stamp",
    "wts/audit/models.py:AuditEvent.save:save": "the audit model's own save (refuses changes to a written row)",
    "wts/audit/models.py:AuditEvent.record_many:bulk_create": "the audit record itself, called inside every action",
    "wts/analytics/positions.py:posts_workbook:save": FILE,
    "wts/analytics/staffing.py:position_types_of:update": DICT,
    "wts/catalog/effects.py:StaffingBaseline.accept:update": DICT,
    "wts/catalog/workbook.py:export_catalog:save": FILE,
    "wts/core/views.py:home:update": DICT,
    "wts/documents/render/word.py:letter_docx:save": FILE,
    "wts/documents/render/workbook.py:status_report_xlsx:save": FILE,
    "wts/workflow/forms.py:CountField.__init__:update": DICT,
    "wts/geography/loader.py:load_geography:bulk_create": "loader: the official province and district list "
                                                          "(load_geography, like a data migration)",
    "wts/geography/loader.py:load_geography:bulk_update": "loader: the official province and district list",
    "wts/monitoring/views.py:_national_board:update": DICT,
    "wts/notifications/service.py:notify:bulk_create": "notification rows written by notify(), inside the "
                                                       "caller's action",
    "wts/review/views.py:_officer_reply_refused:update": DICT,
    "wts/spreadsheets/exports.py:xlsx_file:save": FILE,
    "wts/spreadsheets/workbook.py:build_district_workbook:save": FILE,
    "wts/workflow/queries.py:district_overview:update": DICT,
}


def _is_action_module(parts: tuple[str, ...]) -> bool:
    return parts[-1] == "actions.py" or "actions" in parts[:-1]


def _source_files():
    for path in sorted(WTS.rglob("*.py")):
        parts = path.relative_to(WTS).parts
        if "tests" in parts or "migrations" in parts or _is_action_module(parts):
            continue
        yield path


class _WriteFinder(ast.NodeVisitor):
    def __init__(self, module: str, found: dict[str, list[int]]):
        self.module, self.found, self.scope = module, found, []

    def _enter(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _enter

    def visit_Call(self, node):
        if isinstance(node.func, ast.Attribute) and node.func.attr in WRITE_METHODS:
            key = f"{self.module}:{'.'.join(self.scope) or '<module>'}:{node.func.attr}"
            self.found.setdefault(key, []).append(node.lineno)
        self.generic_visit(node)


def writes_outside_actions() -> dict[str, list[int]]:
    """Every write-like call outside the actions, as "module:function:method" -> line numbers."""
    found: dict[str, list[int]] = {}
    for path in _source_files():
        _WriteFinder(path.relative_to(ROOT).as_posix(), found).visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_every_model_write_outside_an_action_is_an_argued_exception():
    found = writes_outside_actions()
    unexplained = {key: lines for key, lines in found.items() if key not in WRITES_OUTSIDE_ACTIONS}
    assert not unexplained, (
        "these calls write outside an actions module; move the write into an action (with its audit row) "
        f"or add it to WRITES_OUTSIDE_ACTIONS with the reason: {unexplained}"
    )


def test_the_allow_list_names_only_writes_that_still_exist():
    stale = set(WRITES_OUTSIDE_ACTIONS) - set(writes_outside_actions())
    assert not stale, f"remove these from WRITES_OUTSIDE_ACTIONS, the code no longer has them: {sorted(stale)}"


def test_the_scan_sees_a_write_in_a_view(tmp_path, monkeypatch):
    """The scanner itself: a model write in a view is found, one in an actions module is not."""
    app = tmp_path / "wts" / "fake"
    app.mkdir(parents=True)
    (app / "views.py").write_text("def page(request):\n    Thing.objects.filter(pk=1).update(x=2)\n")
    (app / "actions.py").write_text("def do_thing():\n    Thing.objects.create()\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "WTS", tmp_path / "wts")
    assert writes_outside_actions() == {"wts/fake/views.py:page:update": [2]}


def _calls_an_action(function) -> bool:
    """Does the function's body call something defined in (or imported from) an actions module?"""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            target = node.func
            name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            obj = function.__globals__.get(name) if name else None
            if obj is not None and getattr(obj, "__module__", "").split(".")[-1] == "actions":
                return True
    return False


REGISTERED = sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


@pytest.mark.parametrize("model, model_admin", [pytest.param(m, a, id=m._meta.label) for m, a in REGISTERED])
def test_every_admin_is_read_only_or_saves_through_an_action(world, model, model_admin):
    request = RequestFactory().post("/admin/")
    request.user = world.dept_admin
    obj = model._default_manager.first()
    can_write = (model_admin.has_add_permission(request) or model_admin.has_change_permission(request, obj)
                 or model_admin.has_delete_permission(request, obj))
    if not can_write:
        return
    assert type(model_admin).save_model is not ModelAdmin.save_model, f"{model_admin} saves around the actions"
    assert _calls_an_action(type(model_admin).save_model), f"{model_admin}.save_model calls no action"
    if model_admin.has_delete_permission(request, obj):
        assert type(model_admin).delete_model is not ModelAdmin.delete_model
        assert _calls_an_action(type(model_admin).delete_model), f"{model_admin}.delete_model calls no action"
    assert type(model_admin).save_formset is ModelAdmin.save_formset or _calls_an_action(
        type(model_admin).save_formset), f"{model_admin}.save_formset calls no action"
    assert not model_admin.get_inlines(request, obj), "inline rows would be saved around the action"
