"""Reads on the hot path, written with the ORM and compiled to SQL once per process.

Why: on deadline day every officer page and save runs the same handful of reads with other
ids. Django builds and compiles a queryset anew on every call, and that costs more than the
database: measured on the officer's area page (docs/performance.md), SQLite ran the flags' read
in 0.04 ms while building and compiling it took 1.2 ms. A `PreparedRead` keeps the query as an
ordinary queryset (readable, checked by the ORM) and reuses its SQL: the first call builds the
queryset with marker values in place of the arguments, compiles it, and notes where each marker
landed among the SQL parameters; later calls put their arguments there and run the SQL.

    previous_values = PreparedRead(lambda round_id, district_id: ItemValue.objects.filter(
        report__round_id=round_id, report__district_id=district_id).values_list("item__code", "value"))
    previous_values.rows(round_.pk, district.pk)     # [(code, value), ...] with Django's converters
    reports = PreparedRead(lambda pk: DistrictReport.objects.filter(pk=pk).select_related("round"))
    reports.objects(report.pk)                       # model instances, select_related filled in

Rules the build function must keep (checked on the first call, a broken rule raises):
- each argument goes into a filter as one value (not a list, not a slice, not Python logic);
- arguments are whole numbers, or strings or aware datetimes when declared with
  ``kinds=(str, datetime, ...)``;
- the query's shape must not depend on the arguments.
"""

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connections, router
from django.db.models.query import get_related_populators

# Markers for whole-number arguments: valid for every integer field (a smallint holds 32,767;
# Django answers a value out of a field's range with an empty result, not with SQL).
_MARKER_BASES = (32_600, 32_500)
# Whole numbers outside this range go through the ORM as usual, which answers a value too large
# for its column with an empty result (SQLite would raise OverflowError on the raw SQL).
_PREPARED_INT_RANGE = range(0, 2**31)


@dataclass
class _Plan:
    sql: str
    params: list
    slots: list[tuple[int, int]]  # (position in params, argument index)
    fields: list  # the selected expressions, for the converters
    klass_info: dict | None
    select: list
    annotation_col_map: dict | None
    # Worked out on the first run and kept: they depend only on the query.
    init_list: list | None = None
    populators: list | None = None


def _converted(row, converters, connection) -> tuple:
    """One row through the field converters, as SQLCompiler.apply_converters does it."""
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)


class PreparedRead:
    def __init__(self, build, *, kinds: tuple[type, ...] | None = None):
        self._build = build
        self._kinds = kinds
        self._plans: dict[str, _Plan] = {}
        self._model = None
        self._lock = threading.Lock()
        # The field converters, kept per thread: they are the database connection's own methods
        # (SQLite's read the connection's time zone), and each thread has its own connection.
        self._local = threading.local()

    def _kinds_of(self, count: int) -> tuple[type, ...]:
        kinds = self._kinds or (int,) * count
        if len(kinds) != count:
            raise TypeError(f"{count} arguments given, {len(kinds)} kinds declared")
        return kinds

    def _markers(self, count: int, base: int) -> list:
        markers = []
        for i, kind in enumerate(self._kinds_of(count)):
            if kind is str:
                markers.append(f"\x00prepared-{base}-{i}\x00")
            elif kind is datetime:
                markers.append(datetime(1901, 2, 3, tzinfo=UTC) + timedelta(seconds=base + i))
            else:
                markers.append(base + i)
        return markers

    @staticmethod
    def _as_param(value, connection):
        """An argument as the database driver receives it (a datetime is adapted as the ORM does)."""
        if isinstance(value, datetime):
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def _compile(self, markers):
        queryset = self._build(*markers)
        alias = router.db_for_read(queryset.model)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        return queryset, alias, compiler, sql, list(params)

    def _plan(self, args) -> tuple[_Plan, str]:
        if self._model is not None:
            alias = router.db_for_read(self._model)
            plan = self._plans.get(alias)
            if plan is not None:
                return plan, alias
        with self._lock:
            # Built twice with two sets of markers: the SQL must be the same and the parameters
            # differ exactly where the arguments go, or the read does not keep the rules above.
            markers = self._markers(len(args), _MARKER_BASES[0])
            queryset, alias, compiler, sql, params = self._compile(markers)
            other_markers = self._markers(len(args), _MARKER_BASES[1])
            _, _, _, other_sql, other_params = self._compile(other_markers)
            connection = connections[alias]
            markers = [self._as_param(m, connection) for m in markers]
            other_markers = [self._as_param(m, connection) for m in other_markers]
            changed = [position for position, value in enumerate(params)
                       if position >= len(other_params) or value != other_params[position]]
            slots = [(position, markers.index(params[position])) for position in changed
                     if params[position] in markers]
            if (other_sql != sql or len(other_params) != len(params) or len(slots) != len(changed)
                    or any(other_params[p] != other_markers[a] for p, a in slots)
                    or {a for _, a in slots} != set(range(len(markers)))):
                raise ValueError("a PreparedRead argument must go into a filter as one value")
            self._model = queryset.model
            plan = _Plan(sql=sql, params=params, slots=slots, fields=[s[0] for s in compiler.select[:compiler.col_count]],
                         klass_info=getattr(compiler, "klass_info", None), select=compiler.select,
                         annotation_col_map=getattr(compiler, "annotation_col_map", None))
            self._plans[alias] = plan
        return plan, alias

    def _execute(self, args) -> tuple[list, _Plan, str]:
        for arg, kind in zip(args, self._kinds_of(len(args)), strict=True):
            if not isinstance(arg, kind) or isinstance(arg, bool) or (kind is datetime and arg.tzinfo is None):
                raise TypeError(f"PreparedRead argument {arg!r} is not {'an aware ' if kind is datetime else 'a '}"
                                f"{kind.__name__}")
        plan, alias = self._plan(args)
        connection = connections[alias]
        params = list(plan.params)
        for position, argument in plan.slots:
            params[position] = self._as_param(args[argument], connection)
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        kept = self._local.__dict__.setdefault("converters", {})
        if kept.get(alias, (None,))[0] is not connection:
            compiler = connection.ops.compiler("SQLCompiler")(None, connection, alias)
            kept[alias] = (connection, list(compiler.get_converters(plan.fields).items()))
        converters = kept[alias][1]
        if converters:
            rows = [_converted(row, converters, connection) for row in rows]
        return rows, plan, alias

    def _unusual(self, args) -> bool:
        """An argument the compiled SQL must not be trusted with: let the ORM answer as it would."""
        return any(isinstance(arg, int) and not isinstance(arg, bool) and arg not in _PREPARED_INT_RANGE
                   for arg in args)

    def rows(self, *args) -> list[tuple]:
        """The rows of a values_list() read, as tuples."""
        if self._unusual(args):
            return [tuple(row) for row in self._build(*args)]
        return self._execute(args)[0]

    def objects(self, *args) -> list:
        """The model instances of a model read (select_related and annotations included)."""
        if self._unusual(args):
            return list(self._build(*args))
        rows, plan, alias = self._execute(args)
        if plan.klass_info is None:
            raise TypeError("objects() needs a read of model instances, not values_list()")
        model_cls = plan.klass_info["model"]
        select_fields = plan.klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        if plan.init_list is None:  # the populators keep no state between rows or reads
            plan.populators = get_related_populators(plan.klass_info, plan.select, alias)
            plan.init_list = [f[0].target.attname for f in plan.select[start:end]]
        init_list, populators = plan.init_list, plan.populators
        result = []
        for row in rows:
            obj = model_cls.from_db(alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in (plan.annotation_col_map or {}).items():
                setattr(obj, name, row[position])
            result.append(obj)
        return result

    def first(self, *args):
        found = self.objects(*args)
        return found[0] if found else None
