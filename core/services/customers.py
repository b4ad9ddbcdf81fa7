"""Who is writing: identities to customers, with the merge rule.

Merge rule: only identities a provider vouches for count (the sender address, a shared Telegram
contact, the phone/e-mail fields of an API call or import), never numbers written in the text.
When one message reveals identities that belong to two customers, they are one person: the
customer created first survives; the other's identities, conversations, messages and tickets move
to it; the survivor keeps the higher tier and its own name unless it has none; the other row stays
with `merged_into_id` set, and a `merged` customer event records what moved.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Conversation, Customer, CustomerEvent, CustomerIdentity, Message, Ticket
from core.domain.identities import normalise
from core.domain.labels import Tier
from core.domain.messages import Identity


async def resolve_customer(
    session: AsyncSession,
    identities: list[Identity],
    *,
    name: str | None,
    tier: Tier | None,
    language: str | None,
    now: datetime,
) -> Customer:
    """The customer behind these identities, created or merged as needed; missing identities added."""
    wanted = list(dict.fromkeys(normalise(i) for i in identities))
    found = (
        await session.scalars(
            select(CustomerIdentity).where(
                or_(*(
                    (CustomerIdentity.kind == i.kind.value) & (CustomerIdentity.value == i.value)
                    for i in wanted
                ))
            )
        )
    ).all()
    owner_ids = sorted({row.customer_id for row in found})
    if not owner_ids:
        customer = Customer(
            name=name, tier=(tier or Tier.NORMAL).value, language=language, created_at=now
        )
        session.add(customer)
        await session.flush()
    else:
        owners = (
            await session.scalars(select(Customer).where(Customer.id.in_(owner_ids)).order_by(Customer.created_at, Customer.id))
        ).all()
        customer = owners[0]
        for other in owners[1:]:
            await _merge(session, survivor=customer, other=other, now=now)
        if name and not customer.name:
            customer.name = name
        if tier is Tier.VIP:
            customer.tier = Tier.VIP.value
    known = {(row.kind, row.value) for row in found}
    for ident in wanted:
        if (ident.kind.value, ident.value) not in known:
            session.add(
                CustomerIdentity(customer_id=customer.id, kind=ident.kind.value, value=ident.value, created_at=now)
            )
    return customer


async def _merge(session: AsyncSession, *, survivor: Customer, other: Customer, now: datetime) -> None:
    moved: dict[str, int] = {}
    for table in (CustomerIdentity, Conversation, Message, Ticket):
        result = await session.execute(
            update(table).where(table.customer_id == other.id).values(customer_id=survivor.id)
        )
        moved[table.__tablename__] = int(getattr(result, "rowcount", 0) or 0)
    if other.tier == Tier.VIP.value:
        survivor.tier = Tier.VIP.value
    if not survivor.name and other.name:
        survivor.name = other.name
    other.merged_into_id = survivor.id
    session.add(CustomerEvent(customer_id=survivor.id, at=now, action="merged", data={"from": other.id, **moved}))
    session.add(CustomerEvent(customer_id=other.id, at=now, action="merged_into", data={"into": survivor.id}))
