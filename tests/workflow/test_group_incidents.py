"""Group incidents: the threshold counts different customers, same category, business and area."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime

import pytest
from sqlalchemy import select
from workflow_harness import World, cst

from core.clock import FrozenClock
from core.db.tables import Incident, IncidentTicket
from core.domain.labels import Business, Category, EntityType, Kind, Language, Role
from core.domain.messages import Entity, NluResult
from core.services.desk import Desk

pytestmark = pytest.mark.integration

_ESTATE = re.compile(r"[\u4e00-\u9fff]{2,6}(?:小区|花园)")


class EstateAwareNlu:
    """The NLU port answering as the trained models do for outage reports, with the estate as location."""

    name = "test-estate"

    async def classify(self, text: str, *, received_at: datetime) -> NluResult:
        match = _ESTATE.search(text)
        entities = (Entity(EntityType.LOCATION, match.group(0), match.start(), match.end()),) if match else ()
        return NluResult(Kind.COMPLAINT, Category.NETWORK_QUALITY, Business.BROADBAND, entities=entities,
                         language=Language.ZH_HANS, confidence={"kind": 0.97}, model=self.name)


@pytest.fixture
async def estate_world(sqlite_url: str, make_desk: Callable[..., Awaitable[Desk]]) -> World:
    clock = FrozenClock(cst(2026, 10, 20, 8, 0))
    world = World(await make_desk(sqlite_url, clock=clock, classifier=EstateAwareNlu()), clock)
    await world.hire("agent_li", Role.AGENT)
    return world


async def _incidents(w: World) -> list[tuple[str | None, int]]:
    async with w.desk.unit_of_work() as uow:
        rows = (await uow.session.execute(select(Incident.area, IncidentTicket.ticket_id)
                                          .join(IncidentTicket, IncidentTicket.incident_id == Incident.id))).all()
    counts: dict[str | None, int] = {}
    for area, _ in rows:
        counts[area] = counts.get(area, 0) + 1
    return sorted(counts.items(), key=lambda x: str(x[0]))


async def test_five_customers_in_one_estate_make_one_incident(estate_world: World) -> None:
    w = estate_world
    # four customers in 阳光花园, and the same customer writing twice more: still below the threshold
    for i in range(4):
        await w.complain(f"阳光花园{i + 1}栋宽带断网了", phone=f"+86135000000{i}", at=cst(2026, 10, 20, 9, i * 10))
    await w.complain("阳光花园1栋宽带还是断网", phone="+861350000000", at=cst(2026, 10, 20, 10, 0))
    # a fifth customer, in another estate, does not count for 阳光花园
    await w.complain("望京小区宽带断网了", phone="+8613600000009", at=cst(2026, 10, 20, 10, 30))
    assert await _incidents(w) == []
    assert await w.notifications(kind="group_incident") == []
    # the fifth 阳光花园 customer, within 24 hours of the first
    fifth = await w.complain("阳光花园5栋宽带断网，整栋都没网", phone="+8613500000005", at=cst(2026, 10, 21, 8, 59))
    assert fifth is not None
    assert await _incidents(w) == [("阳光花园", 5)]
    alerts = await w.notifications(kind="group_incident")
    assert sorted(n.audience for n in alerts) == ["level:deputy_manager", "role:supervisor"]
    assert all(n.created_at == cst(2026, 10, 21, 8, 59) for n in alerts)
    # a sixth joins the same incident without a second alert
    await w.complain("阳光花园6栋也断网了", phone="+8613500000006", at=cst(2026, 10, 21, 9, 30))
    assert await _incidents(w) == [("阳光花园", 6)]
    assert len(await w.notifications(kind="group_incident")) == 2


async def test_complaints_spread_over_more_than_the_window_are_no_group(estate_world: World) -> None:
    w = estate_world
    for i, day in enumerate((20, 20, 21, 21, 22)):
        await w.complain(f"阳光花园{i + 1}栋宽带断网了", phone=f"+86135000000{i}", at=cst(2026, 10, day, 9 + i, 0))
    assert await _incidents(w) == []
