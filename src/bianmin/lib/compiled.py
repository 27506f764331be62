"""A hot lookup compiled by the ORM once per database, then run with new parameters.

Building a query with ``select_related`` (joins, the column list, the row layout) costs far more CPU than
the database needs to answer it when the row is found by its key. ``CompiledLookup`` keeps the SQL and the
row layout the ORM produced for the first call and reads every later row with the ORM's own converters and
related-object populators, so the objects are exactly those the queryset would have built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

M = TypeVar("M", bound=Model)


class _Plan:
    def __init__(self, queryset: QuerySet[Any], alias: str, placeholders: list[Any]) -> None:
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if list(params) != placeholders:  # a programming error: the lookup must take exactly its parameters
            raise RuntimeError(f"unexpected parameters {params!r}, expected {placeholders!r}")
        self.sql = sql
        select, klass_info = compiler.select, compiler.klass_info
        assert klass_info is not None
        self.model: type[Model] = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.own = slice(start, end)
        self.init_list = [s[0].target.attname for s in select[start:end]]
        self.populators = get_related_populators(klass_info, select, alias)
        fields = [s[0] for s in select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())


class CompiledLookup(Generic[M]):
    """``CompiledLookup(lambda: Token.objects.select_related("user").filter(key=""), [""])``, then
    ``.first("abc")``: the first object of the queryset with the placeholders replaced by the arguments.
    The queryset must answer its rows in a defined order (filter on a key) and take exactly ``placeholders``
    as its parameters."""

    def __init__(self, build: Callable[[], QuerySet[M]], placeholders: list[Any]) -> None:
        self.build = build
        self.placeholders = placeholders
        self.model: type[M] | None = None  # known once the queryset is first built (apps are loaded)
        # Per database alias; a plan holds no connection state, so every thread may share it.
        self._plans: dict[str, _Plan] = {}

    def _plan(self, alias: str) -> _Plan:
        plan = self._plans.get(alias)
        if plan is None:
            plan = self._plans[alias] = _Plan(self.build(), alias, self.placeholders)
        return plan

    def first(self, *params: Any, using: str | None = None) -> M | None:
        """The first object found, or None; ``params`` go to the database as they are given."""
        if self.model is None:
            self.model = self.build().model
        alias = using or router.db_for_read(self.model)
        plan = self._plan(alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, list(params))
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for position, (convert_all, expression) in plan.converters:
            value = values[position]
            for convert in convert_all:
                value = convert(value, expression, connection)
            values[position] = value
        obj = plan.model.from_db(alias, plan.init_list, values[plan.own])
        for populator in plan.populators:
            populator.populate(values, obj)
        return obj  # type: ignore[return-value]
