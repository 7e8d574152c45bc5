"""One UPDATE (or INSERT) for many rows, without the cost of QuerySet.bulk_update (bulk_create).

Django's bulk_update builds a CASE WHEN expression per field and row and resolves each through
the ORM: for one report's 37 values that was about 50 ms of CPU per save (profiled on the
whole-report API save with the national data set; docs/performance.md, issue 8). The statement
below is the same SQL, built directly: `CASE id WHEN %s THEN %s ... END` (with a CAST on PostgreSQL) for the
fields that differ per row, a plain parameter for the ones that are the same for all rows. It works
unchanged on SQLite and PostgreSQL.
"""

from django.db import connections, router

# Parameters per INSERT statement: well under SQLite's limit of 32,766 (and PostgreSQL's 65,535).
INSERT_PARAMETERS = 10_000


def _writing(model):
    """The connection that writes the model, its name quoting and the model's options."""
    connection = connections[router.db_for_write(model)]
    return connection, connection.ops.quote_name, model._meta


def update_rows(model, rows, *, per_row: list[str], same: dict | None = None) -> int:
    """UPDATE model SET field = CASE pk ... END for each field of per_row (read from each row), and
    field = value for each item of same, WHERE pk IN (the rows). Returns the number of rows updated."""
    rows = list(rows)
    if not rows:
        return 0
    connection, quote, meta = _writing(model)
    pk_column = quote(meta.pk.column)
    assignments, params = [], []
    for name in per_row:
        field = meta.get_field(name)
        # PostgreSQL needs the type of a CASE of parameters (all NULL would be text); SQLite must not
        # get one (CAST AS datetime would make a date a number there).
        then = "%s" if connection.vendor == "sqlite" else f"CAST(%s AS {field.cast_db_type(connection)})"
        cases = []
        for row in rows:
            cases.append(f"WHEN %s THEN {then}")
            params.extend([row.pk, field.get_db_prep_save(getattr(row, field.attname), connection)])
        assignments.append(f"{quote(field.column)} = CASE {pk_column} {' '.join(cases)} END")
    for name, value in (same or {}).items():
        field = meta.get_field(name)
        assignments.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value.pk if hasattr(value, "pk") else value, connection))
    params.extend(row.pk for row in rows)
    sql = (f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} "
           f"WHERE {pk_column} IN ({', '.join(['%s'] * len(rows))})")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def insert_rows(model, rows) -> int:
    """INSERT the unsaved rows in one statement, as bulk_create would, without reading back their
    ids: for rows nobody reads again in the request (audit rows). The values are prepared by each
    field as the ORM prepares them (auto_now_add, JSON, foreign keys); bulk_create spent about
    2.4 ms on a whole report's 37 audit rows compiling its InsertQuery, this about a tenth of it.
    Returns the number of rows inserted."""
    rows = list(rows)
    if not rows:
        return 0
    connection, quote, meta = _writing(model)
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.db_returning)]
    params = []
    for row in rows:
        if row.pk is not None:
            raise ValueError("insert_rows inserts new rows only")
        params.extend(field.get_db_prep_save(field.pre_save(row, add=True), connection) for field in fields)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    per_batch = max(1, INSERT_PARAMETERS // len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_batch):
            count = min(per_batch, len(rows) - start)
            cursor.execute(head + ", ".join([placeholder] * count),
                           params[start * len(fields):(start + count) * len(fields)])
    return len(rows)


def update_fields(row, fields: list[str]) -> None:
    """UPDATE one saved row's fields, as row.save(update_fields=fields) does for a model with no
    save() of its own and no signal receivers, without the ORM's UpdateQuery: the two such updates
    of every save (the area's status and the report's counters) cost 0.5 ms less this way."""
    model = type(row)
    if row.pk is None:
        raise ValueError("update_fields updates a saved row")
    connection, quote, meta = _writing(model)
    assignments, params = [], []
    for name in fields:
        field = meta.get_field(name)
        assignments.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(field.pre_save(row, add=False), connection))  # auto_now as save()
    params.append(row.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} WHERE {quote(meta.pk.column)} = %s",
                       params)
