"""An agent opens the ticket of a complaint told in a chat the agent holds (core/services/agent_tickets.py).

Real bot conversation through the pipeline, real console pages and forms through the ASGI app.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from complaintdesk.bootstrap import Runtime
from core.db.tables import TicketEvent
from core.services.bot_turns import overdue_intakes
from tests.console.conftest import Login, csrf_of
from tests.console.test_console_bot_details import (
    BILLING_AGENT,
    NETWORK,
    NETWORK_AGENT,
    PHONE,
    answer_until,
    web_message,
)
from tests.providers.desk_harness import messages, tickets

pytestmark = pytest.mark.integration


def summary_draft(page: str) -> str:
    found = re.search(r'<form[^>]*id="open-ticket".*?<textarea name="summary"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no open-ticket form on the page"
    return unescape(found.group(1))


async def test_the_agent_holding_a_handed_over_chat_opens_its_ticket_from_the_first_message(
    runtime: Runtime, login: Login
) -> None:
    message = web_message("v-agent-opens")
    first = await runtime.desk.submit_inbound(message(NETWORK))
    cid = first.conversation_id
    # the customer answers the phone question, then wants a person before confirming anything
    await answer_until(runtime, message, first, "什么时候开始", "When did")
    await runtime.desk.submit_inbound(message("转人工"))
    assert await runtime.desk.conversation_state(cid) == "waiting_for_agent"
    assert await tickets(runtime.desk) == []

    agent = await login(NETWORK_AGENT)
    page = (await agent.get(f"/console/conversations/{cid}")).text
    assert 'id="open-ticket"' not in page  # only whoever holds the chat may open its ticket
    await agent.post(f"/console/conversations/{cid}/take", data={"csrf": csrf_of(page)})
    await runtime.desk.submit_inbound(message("另外家里宽带也断了三天了"))

    page = (await agent.get(f"/console/conversations/{cid}")).text
    assert summary_draft(page) == NETWORK  # what the bot had as the description

    # too short a summary is refused with a word, and nothing opens
    r = await agent.post(
        f"/console/conversations/{cid}/ticket",
        data={"csrf": csrf_of(page), "summary": "差", "category": "network_quality", "business": "mobile"},
    )
    assert r.headers["location"].endswith("msg=summary_missing") and await tickets(runtime.desk) == []

    summary = "小区手机信号差、5G断网、通话掉线；另报家中宽带断网三天"
    r = await agent.post(
        f"/console/conversations/{cid}/ticket",
        data={"csrf": csrf_of(page), "summary": summary, "category": "network_quality", "business": "mobile"},
    )
    assert r.status_code == 303 and r.headers["location"].endswith("msg=ticket_opened")

    [ticket] = await tickets(runtime.desk)
    inbound = await messages(runtime.desk, conversation_id=cid, direction="in")
    # time limits count from the complaint's first message, not from the agent's click
    assert ticket.received_at == inbound[0].created_at
    assert (ticket.kind, ticket.category, ticket.business) == ("complaint", "network_quality", "mobile")
    assert ticket.summary == summary and ticket.conversation_id == cid
    assert ticket.details["contact_phone"] == PHONE and ticket.details["opened_by"].startswith("staff:")
    assert "unconfirmed" not in ticket.details
    # the whole chat belongs to the ticket, the customer's later news included
    assert {m.ticket_id for m in inbound} == {ticket.id}
    [ack] = await messages(runtime.desk, conversation_id=cid, template="complaint_opened")
    assert ack.recipient == "v-agent-opens" and ticket.number in ack.text and "您的投诉已受理" in ack.text
    async with runtime.desk.unit_of_work() as uow:
        actions = (
            await uow.session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id))
        ).all()
    assert "opened_by_agent" in actions
    # the agent still holds the chat; the page now shows the ticket instead of the form
    assert await runtime.desk.conversation_state(cid) == "agent"
    page = (await agent.get(f"/console/conversations/{cid}?msg=ticket_opened")).text
    assert ticket.number in page and 'id="open-ticket"' not in page and "工单已建立" in page

    # a second try (a double click, a stale page) opens nothing more
    r = await agent.post(
        f"/console/conversations/{cid}/ticket",
        data={"csrf": csrf_of(page), "summary": summary, "category": "network_quality", "business": "mobile"},
    )
    assert r.headers["location"].endswith("msg=ticket_exists") and len(await tickets(runtime.desk)) == 1

    # handed back to the bot, the conversation has nothing left for the record-limit pass
    await agent.post(f"/console/conversations/{cid}/hand-back", data={"csrf": csrf_of(page)})
    assert await runtime.desk.conversation_state(cid) == "bot"
    async with runtime.desk.unit_of_work() as uow:
        later = runtime.desk.clock.now() + timedelta(hours=1)
        assert cid not in await overdue_intakes(uow.session, await runtime.desk.context(), later)


async def test_an_agent_who_does_not_hold_the_chat_cannot_open_its_ticket(runtime: Runtime, login: Login) -> None:
    message = web_message("v-not-yours")
    first = await runtime.desk.submit_inbound(message(NETWORK))
    cid = first.conversation_id
    holder, other = await login(NETWORK_AGENT), await login(BILLING_AGENT)
    page = (await holder.get(f"/console/conversations/{cid}")).text
    await holder.post(f"/console/conversations/{cid}/take", data={"csrf": csrf_of(page)})

    page = (await other.get(f"/console/conversations/{cid}")).text
    assert 'id="open-ticket"' not in page
    r = await other.post(
        f"/console/conversations/{cid}/ticket",
        data={"csrf": csrf_of(page), "summary": "小区手机信号差", "category": "network_quality", "business": "mobile"},
    )
    assert r.headers["location"].endswith("msg=held_by_other")
    assert await tickets(runtime.desk) == []
