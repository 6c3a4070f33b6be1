"""A stand-in for the generated Prisma Client Python, used by the hidden setup of revrx pages.

The RevRx samples call the generated async client (``await db.user.find_unique(where=...)``).
Generating the real client needs Node.js, ``prisma generate`` and the Prisma query engine, none
of which the snippet suite has. This module implements the few calls the samples make, with
the same names and keyword arguments, on top of the suite's real PostgreSQL database (tables
from ``snippets/revrx/schema.sql``), so that constraint errors come from PostgreSQL itself and
are raised under the names Prisma Client Python uses (``UniqueViolationError``,
``ForeignKeyViolationError``).

Hidden setup blocks put this folder on ``sys.path`` and import it; it is not part of the
published guide.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from pydantic import BaseModel, ConfigDict

#: model accessor -> table name, as Prisma names tables after models
TABLES = {"user": "User", "encounter": "Encounter", "report": "Report", "auditlog": "AuditLog"}

#: (model, relation field) -> (related model, foreign key column, cardinality)
RELATIONS = {
    ("encounter", "report"): ("report", "encounter_id", "one"),
    ("user", "encounters"): ("encounter", "user_id", "many"),
}


class UniqueViolationError(Exception):
    """Raised like ``prisma.errors.UniqueViolationError``."""


class ForeignKeyViolationError(Exception):
    """Raised like ``prisma.errors.ForeignKeyViolationError``."""


class Record(BaseModel):
    """A row as a pydantic model, like the models Prisma Client Python generates."""

    model_config = ConfigDict(extra="allow")


def to_column(field: str) -> str:
    """``encounterId`` -> ``encounter_id`` (the schema's ``@map`` convention)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower()


def to_field(column: str) -> str:
    """``encounter_id`` -> ``encounterId``."""
    head, *rest = column.split("_")
    return head + "".join(part.title() for part in rest)


class Model:
    """``db.<model>``: the query methods the guide's samples use."""

    def __init__(self, client: PrismaStandIn, name: str) -> None:
        self._client = client
        self._name = name
        self._table = sql.Identifier(TABLES[name])

    async def find_unique(self, where: dict[str, Any], include: dict | None = None):
        rows = await self.find_many(where=where, include=include)
        return rows[0] if rows else None

    async def find_many(self, where: dict[str, Any] | None = None, include: dict | None = None):
        condition, values = _where(where or {})
        query = sql.SQL("SELECT * FROM {} WHERE {}").format(self._table, condition)
        records = [_record(row) for row in self._client.execute(query, values)]
        for relation, wanted in (include or {}).items():
            if wanted and records:
                await self._include(records, relation)
        return records

    async def create(self, data: dict[str, Any]):
        columns = [to_column(field) for field in data]
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING *").format(
            self._table,
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        )
        return _record(self._client.execute(query, [_value(v) for v in data.values()])[0])

    async def update(self, where: dict[str, Any], data: dict[str, Any]):
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = %s").format(sql.Identifier(to_column(field))) for field in data
        )
        condition, values = _where(where)
        query = sql.SQL("UPDATE {} SET {} WHERE {} RETURNING *").format(
            self._table, assignments, condition
        )
        rows = self._client.execute(query, [*map(_value, data.values()), *values])
        return _record(rows[0]) if rows else None

    async def upsert(self, where: dict[str, Any], data: dict[str, dict[str, Any]]):
        """``upsert(where=..., data={"create": {...}, "update": {...}})`` as in prisma-client-py."""
        if await self.find_unique(where=where) is not None:
            return await self.update(where=where, data=data["update"])
        return await self.create(data=data["create"])

    async def _include(self, records: list[Record], relation: str) -> None:
        """Load a relation of all records with one query, as Prisma's ``include`` does."""
        model, foreign_key, cardinality = RELATIONS[(self._name, relation)]
        related = await getattr(self._client, model).find_many(
            where={to_field(foreign_key): [record.id for record in records]}
        )
        for record in records:
            matches = [row for row in related if getattr(row, to_field(foreign_key)) == record.id]
            if cardinality == "many":
                setattr(record, relation, matches)
            else:
                setattr(record, relation, matches[0] if matches else None)


class PrismaStandIn:
    """``db``: one autocommit connection to the guide's database, one attribute per model."""

    def __init__(self, dsn: str) -> None:
        self._connection = psycopg.connect(dsn, autocommit=True, row_factory=dict_row)
        self.statements = 0  # SQL statements sent, so tests can count round trips
        for name in TABLES:
            setattr(self, name, Model(self, name))

    def execute(self, query: sql.Composable, values: list[Any]) -> list[dict[str, Any]]:
        try:
            with self._connection.cursor() as cursor:
                self.statements += 1
                cursor.execute(query, values)
                return cursor.fetchall() if cursor.description else []
        except psycopg.errors.UniqueViolation as error:
            message = f"Unique constraint failed: {error.diag.message_detail}"
            raise UniqueViolationError(message) from error
        except psycopg.errors.ForeignKeyViolation as error:
            message = f"Foreign key constraint failed: {error.diag.message_detail}"
            raise ForeignKeyViolationError(message) from error

    def close(self) -> None:
        self._connection.close()


def _where(where: dict[str, Any]) -> tuple[sql.Composable, list[Any]]:
    if not where:
        return sql.SQL("TRUE"), []
    parts = [
        sql.SQL("{} = ANY(%s)" if isinstance(value, list) else "{} = %s").format(
            sql.Identifier(to_column(field))
        )
        for field, value in where.items()
    ]
    return sql.SQL(" AND ").join(parts), list(where.values())


def _value(value: Any) -> Any:
    return Jsonb(value) if isinstance(value, dict | list) else value


def _record(row: dict[str, Any]) -> Record:
    return Record(**{to_field(column): value for column, value in row.items()})
