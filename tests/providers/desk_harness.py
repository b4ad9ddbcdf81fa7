"""Reading back what a desk stored, for channel tests (the desk itself comes from tests/conftest.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.db.tables import Message, Ticket
from core.services.desk import Desk


async def messages(desk: Desk, **filters: Any) -> list[Message]:
    """Stored messages matching column filters, oldest first."""
    async with desk.unit_of_work() as uow:
        query = select(Message).filter_by(**filters).order_by(Message.id)
        return list((await uow.session.scalars(query)).all())


async def tickets(desk: Desk) -> list[Ticket]:
    """All tickets, oldest first."""
    async with desk.unit_of_work() as uow:
        return list((await uow.session.scalars(select(Ticket).order_by(Ticket.id))).all())
