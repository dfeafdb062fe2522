"""Inserting many rows of one model in few statements, returning their primary keys.

``QuerySet.bulk_create`` would do, but for an import of 100,000 comments two of its costs
matter: it runs every value of every row through four layers of field preparation in Python
(measured: about 70 % of the time of inserting a comment on SQLite, the database's own work
being the rest), and it gives ``auto_now_add`` fields "now" whatever the row says, which for
``Comment.created_at`` needed a second UPDATE per row. ``rows_insert`` writes the same SQL
that ``bulk_create`` writes, ``INSERT ... VALUES (...), (...) RETURNING pk``, on SQLite and
PostgreSQL, adapting only the values that need it (dates, JSON) with the field's own
``get_db_prep_save`` and filling every column not given with the field's default, as Django
would. It saves ``Model.save`` nothing: no signals fire (none are connected to these models),
and the database's triggers (the comment full-text index) run as for any insert.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from django.db import connection, models
from django.utils import timezone

# Django assumes SQLite's historical limit of 999 variables; SQLite 3.32+ allows 32,766, and
# the connection says which one it was built with.
_SQLITE_VARIABLES_FALLBACK = 999


def _max_variables() -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except (AttributeError, sqlite3.Error):
            return _SQLITE_VARIABLES_FALLBACK
    return 65535  # PostgreSQL's protocol limit on parameters per statement


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.DateTimeField | models.JSONField | models.GenericIPAddressField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def rows_insert(model: type[models.Model], rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (``{attname: value}``, all with the same keys) and return their pks.

    Columns a row does not give take the field's default (``auto_now``/``auto_now_add``
    fields: the current time); the primary key is always the database's.
    """
    if not rows:
        return []
    meta = model._meta
    given = list(rows[0])
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    by_attname = {f.attname: f for f in fields}
    unknown = [name for name in given if name not in by_attname]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    now = timezone.now()
    constants: dict[str, Any] = {}
    for field in fields:
        if field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        constants[field.attname] = field.get_db_prep_save(value, connection)
    columns = given + list(constants)
    adapters = [_adapter(by_attname[name]) for name in given]
    constant_values = list(constants.values())
    quote = connection.ops.quote_name
    column_sql = ", ".join(quote(by_attname[name].column) for name in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, min(500, _max_variables() // len(columns)))
    pks: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params: list[Any] = []
            for row in chunk:
                params += [adapt(row[name]) for adapt, name in zip(adapters, given, strict=True)]
                params += constant_values
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({column_sql}) VALUES "
                + ", ".join([row_sql] * len(chunk))
                + f" RETURNING {quote(meta.pk.column)}",
                params,
            )
            # Rows are numbered in the order they are inserted (SQLite: the transaction holds
            # the write lock; PostgreSQL: one statement draws its ids in order), so sorted ids
            # line up with the rows whatever order RETURNING lists them in.
            pks += sorted(row[0] for row in cursor.fetchall())
    return pks
