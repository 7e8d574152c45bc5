"""The report's workflow: a district's report for one round, from not started to confirmed.

    not started → in progress → submitted → confirmed
                                    ↑   ↓          ↓ (the department reopens all or one area)
                                    returned  ←────┘

- ``models``: the report, its areas' progress, its values, returns and reopenings, comments
  on values (tables kept from when they lived in ``entry`` and ``review``).
- ``rules``: why not now (``*_refusal``, one window check for the
  entry, returned-fix and confirmation windows), and the refusal exceptions.
- ``actions``: every transition, one function each.
- ``queries``: the read models both sides' pages share.

Layering: this package sits above ``rounds`` and ``catalog`` and below ``entry`` (the district's
pages and the save of values) and ``review`` (the province's and department's pages); neither
of those imports the other, both call this. ``make test`` checks it (``.importlinter``).

Naming rule for actions (here and in every ``wts/*/actions.py``): ``verb_noun``, the verb the
user would say and the thing it acts on — ``submit_report``, ``confirm_report``,
``confirm_reports`` (several at once: plural noun), ``return_report``, ``reopen_report``,
``reopen_area``, ``add_comment``, ``record_progress``, ``save_area``. Every action takes
``acting_user`` keyword-only (with ``source=`` and ``now=`` where they matter), runs in one
transaction, writes its ``AuditAction`` row there and notifies after commit. A refusal is a
``wts.lib.errors.Refused`` subclass carrying the rules' Thai reason; who-may-not is
``PermissionDenied``.
"""
