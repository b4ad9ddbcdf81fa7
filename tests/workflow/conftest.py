"""Fixtures of the workflow tests: a `world` (desk + scheduler + staff + FrozenClock) per store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from workflow_harness import World, cst

from core.clock import FrozenClock
from core.domain.labels import Role
from core.services.desk import Desk


async def _staffed(world: World) -> World:
    await world.hire("agent_li", Role.AGENT)
    await world.hire("agent_wang", Role.AGENT)
    await world.hire("senior_zhao", Role.SENIOR_AGENT)
    await world.hire("supervisor_chen", Role.SUPERVISOR)
    await world.hire("net_sun", Role.DEPARTMENT_STAFF, "network_ops")
    await world.hire("bill_zhou", Role.DEPARTMENT_STAFF, "marketing_billing")
    await world.hire("cs_wu", Role.DEPARTMENT_STAFF, "customer_service")
    return world


@pytest.fixture
async def world(sqlite_url: str, make_desk: Callable[..., Awaitable[Desk]]) -> World:
    """A staffed world on SQLite, the clock at Friday 2026-09-18 08:00 Beijing time."""
    clock = FrozenClock(cst(2026, 9, 18, 8, 0))
    return await _staffed(World(await make_desk(sqlite_url, clock=clock), clock))


@pytest.fixture
async def any_world(store_url: str, make_desk: Callable[..., Awaitable[Desk]]) -> World:
    """The same on SQLite and on PostgreSQL."""
    clock = FrozenClock(cst(2026, 9, 18, 8, 0))
    return await _staffed(World(await make_desk(store_url, clock=clock), clock))
