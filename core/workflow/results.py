"""The result message of a closed order (policy §7): result, cause, prevention, thanks.

It goes to the preferred channel with the fallback order of `customer_contact`; commitments
(compensation, promises) are confirmed in writing by SMS or e-mail; major complaints also become
a call task for the owning agent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Customer, Message, Ticket
from core.domain.labels import Severity
from core.workflow.context import WorkflowContext
from core.workflow.customer_contact import WRITTEN, write_to_customer
from core.workflow.notifications import department_audience, notify, staff_audience


async def send_result(session: AsyncSession, ticket: Ticket, answer: dict[str, Any], *, ctx: WorkflowContext,
                      now: datetime) -> Message | None:
    """Queue the result (and any written commitment) for the ticket's customer."""
    customer = await session.get(Customer, ticket.customer_id)
    if customer is None:
        return None
    earlier = await session.scalar(
        select(func.count()).select_from(Message).where(Message.ticket_id == ticket.id,
                                                         Message.template == "result_notice")
    )
    round_no = int(earlier or 0) + 1
    message = await write_to_customer(
        session, customer=customer, ticket=ticket, template="result_notice", policy=ctx.policy, now=now,
        key=f"result-{ticket.id}-{round_no}",
        values={"number": ticket.number, "result": answer["result"], "cause": answer["cause"],
                "prevention": answer["prevention"]},
    )
    if answer.get("commitment"):
        await write_to_customer(
            session, customer=customer, ticket=ticket, template="commitment_confirmation", policy=ctx.policy,
            now=now, key=f"commitment-{ticket.id}-{round_no}", only=WRITTEN,
            values={"number": ticket.number, "commitment": answer["commitment"]},
        )
    if ticket.severity == Severity.MAJOR.value:
        audience = (staff_audience(ticket.owner_id) if ticket.owner_id is not None
                    else department_audience(ctx.policy.default_department))
        notify(session, audience=audience, kind="call_task", ticket=ticket, now=now,
               text=f"{ticket.number}: call the customer to explain the result (major complaint)")
    return message
