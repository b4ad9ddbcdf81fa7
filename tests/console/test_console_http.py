"""The console through the real ASGI app: login, CSRF, roles, masking, audit, takeover, intake, knowledge base."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from complaintdesk.bootstrap import Runtime
from core.db.tables import KnowledgeArticle, Message, NluFeedback, Ticket, TicketEvent
from core.domain.labels import Channel, IdentityKind
from core.domain.messages import Identity, InboundMessage
from tests.console.conftest import PASSWORD, Login, csrf_of
from tests.dialogue import complain

pytestmark = pytest.mark.integration

BILLING = "我是13812345678的机主，这个月话费莫名其妙多扣了58元，要求退费并给个说法！"
NETWORK = "小区里手机信号特别差，5G经常断网，打电话老是掉线，13987654321，希望尽快处理。"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)> 网费乱扣'


def web_message(visitor: str, phone: str | None = None) -> Callable[[str], InboundMessage]:
    extra = (Identity(IdentityKind.PHONE, phone),) if phone else ()
    return lambda text: InboundMessage(
        channel=Channel.WEB, provider_message_id=f"{visitor}:{uuid.uuid4().hex[:10]}",
        sender=Identity(IdentityKind.WEB, visitor), extra_identities=extra, text=text,
        received_at=datetime.now(UTC), thread_key=f"web:{visitor}", reply_address=visitor)


async def web_complaint(runtime: Runtime, visitor: str, text: str, phone: str | None = None) -> tuple[int, str]:
    """A complaint typed into the widget and talked through with the bot until its ticket opens."""
    outcome = await complain(runtime.desk, web_message(visitor, phone), text)
    assert outcome.ticket_number is not None
    return outcome.conversation_id, outcome.ticket_number


async def test_login_needs_the_right_password_and_a_csrf_token(app: object, staff: dict[str, int]) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://desk.test") as client:  # type: ignore[arg-type]
        assert (await client.get("/console/conversations")).status_code == 303
        page = await client.get("/console/login")
        token = csrf_of(page.text)
        wrong = await client.post("/console/login", data={"email": "li.na@desk.example.cn", "password": "wrong-password",
                                                          "csrf": token})
        assert wrong.status_code == 401 and "邮箱或密码不正确" in wrong.text
        no_csrf = await client.post("/console/login", data={"email": "li.na@desk.example.cn", "password": PASSWORD,
                                                            "csrf": "forged"})
        assert no_csrf.status_code == 401
        ok = await client.post("/console/login", data={"email": "LI.NA@desk.example.cn", "password": PASSWORD, "csrf": token})
        assert ok.status_code == 303 and ok.headers["location"] == "/console/conversations"
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
        page = await client.get("/console/conversations")
        assert page.status_code == 200 and "李娜" in page.text
        # logout without the CSRF token is refused; with it, the session ends server-side
        assert (await client.post("/console/logout")).status_code == 403
        assert (await client.post("/console/logout", data={"csrf": csrf_of(page.text)})).status_code == 303
        assert (await client.get("/console/conversations")).status_code == 303


async def test_posts_without_csrf_are_refused(runtime: Runtime, login: Login) -> None:
    cid = (await runtime.desk.submit_inbound(web_message("v-csrf")(BILLING))).conversation_id
    client = await login("li.na@desk.example.cn")
    r = await client.post(f"/console/conversations/{cid}/take", data={"csrf": "not-the-token"})
    assert r.status_code == 403
    assert await runtime.desk.conversation_state(cid) == "bot"


async def test_agent_cannot_read_another_departments_ticket_and_reads_are_audited(
    runtime: Runtime, login: Login, staff: dict[str, int]
) -> None:
    _, billing_ticket = await web_complaint(runtime, "v-bill", BILLING, phone="13812345678")
    _, network_ticket = await web_complaint(runtime, "v-net", NETWORK)
    billing_agent = await login("li.na@desk.example.cn")
    network_staff = await login("noc@desk.example.cn")
    inspector = await login("qa@desk.example.cn")

    assert (await billing_agent.get(f"/console/tickets/{billing_ticket}")).status_code == 200
    denied = await billing_agent.get(f"/console/tickets/{network_ticket}")
    assert denied.status_code == 403 and "无权查看" in denied.text and "断网" not in denied.text
    assert (await network_staff.get(f"/console/tickets/{network_ticket}")).status_code == 200
    assert (await network_staff.get(f"/console/tickets/{billing_ticket}")).status_code == 403
    assert (await inspector.get(f"/console/tickets/{network_ticket}")).status_code == 200

    listed = (await billing_agent.get("/console/tickets")).text
    assert billing_ticket in listed and network_ticket not in listed
    # masked numbers in lists (policy §9), in the phone column and in the summary
    assert "138****5678" in listed and "13812345678" not in listed

    async with runtime.desk.unit_of_work() as uow:
        reads = (await uow.session.execute(
            select(Ticket.number, TicketEvent.actor).join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(TicketEvent.action == "read"))).all()
    assert (billing_ticket, f"staff:{staff['agent_billing']}") in reads
    assert (network_ticket, f"staff:{staff['dept_network']}") in reads
    assert (network_ticket, f"staff:{staff['agent_billing']}") not in reads


async def test_conversation_view_hides_another_departments_ticket(runtime: Runtime, login: Login) -> None:
    cid, number = await web_complaint(runtime, "v-other", BILLING)
    network_agent = await login("zhao.lei@desk.example.cn")
    page = await network_agent.get(f"/console/conversations/{cid}")
    # the transcript is there (agents watch every conversation), the ticket card is not
    assert page.status_code == 200 and "无权查看此工单" in page.text and 'id="ticket-number"' not in page.text
    async with runtime.desk.unit_of_work() as uow:
        reads = (await uow.session.scalars(select(TicketEvent).where(TicketEvent.action == "read"))).all()
    assert reads == []
    # once that agent takes the conversation over, its ticket is theirs to see
    await network_agent.post(f"/console/conversations/{cid}/take", data={"csrf": csrf_of(page.text)})
    assert f'id="ticket-number">{number}<' in (await network_agent.get(f"/console/conversations/{cid}")).text


async def test_department_staff_cannot_watch_conversations(runtime: Runtime, login: Login) -> None:
    client = await login("noc@desk.example.cn")
    assert (await client.get("/console/conversations")).status_code == 403
    assert (await client.get("/console/live")).status_code == 403


async def test_takeover_reply_hand_back_through_the_console(runtime: Runtime, login: Login, staff: dict[str, int]) -> None:
    cid, number = await web_complaint(runtime, "v-take", BILLING)
    agent = await login("li.na@desk.example.cn")
    colleague = await login("zhao.lei@desk.example.cn")

    listing = await agent.get("/console/conversations")
    assert f'data-id="{cid}"' in listing.text
    page = await agent.get(f"/console/conversations/{cid}")
    assert number in page.text and "billing" in page.text  # ticket card and NLU labels
    token = csrf_of(page.text)
    assert (await agent.post(f"/console/conversations/{cid}/take", data={"csrf": token})).status_code == 303
    assert await runtime.desk.conversation_state(cid) == "agent"

    other_page = await colleague.get(f"/console/conversations/{cid}")
    r = await colleague.post(f"/console/conversations/{cid}/take", data={"csrf": csrf_of(other_page.text)})
    assert r.headers["location"].endswith("?msg=held_by_other")
    r = await colleague.post(f"/console/conversations/{cid}/reply",
                             data={"csrf": csrf_of(other_page.text), "text": "我也来说一句"})
    assert r.headers["location"].endswith("?msg=held_by_other")

    r = await agent.post(f"/console/conversations/{cid}/reply",
                         data={"csrf": token, "text": "您好，已核实多扣的58元，将在3个工作日内退回。"})
    assert r.status_code == 303
    r = await agent.post(f"/console/conversations/{cid}/notes", data={"csrf": token, "text": "已联系计费核实"})
    assert r.status_code == 303
    after = await agent.get(f"/console/conversations/{cid}/after/0")
    authors = [m["author"] for m in after.json()["messages"]]
    # the dialogue with the bot (complaint, confirmation, acknowledgement), then the agent
    assert authors[:2] == ["customer", "bot"] and authors[-1] == "staff" and authors.count("staff") == 1
    assert "已联系计费核实" in (await agent.get(f"/console/conversations/{cid}")).text

    typing = await agent.post(f"/console/conversations/{cid}/typing", headers={"X-CSRF-Token": token})
    assert typing.status_code == 200 and typing.json() == {"shown": False}  # the visitor has no socket open
    assert (await colleague.post(f"/console/conversations/{cid}/typing",
                                 headers={"X-CSRF-Token": csrf_of(other_page.text)})).status_code == 409
    assert (await agent.post(f"/console/conversations/{cid}/typing")).status_code == 403
    assert (await agent.post(f"/console/conversations/{cid}/hand-back", data={"csrf": token})).status_code == 303
    assert await runtime.desk.conversation_state(cid) == "bot"


async def test_html_in_messages_is_shown_as_text(runtime: Runtime, login: Login) -> None:
    cid, _ = await web_complaint(runtime, "v-xss", XSS)
    agent = await login("wang.fang@desk.example.cn")
    for url in ("/console/conversations", f"/console/conversations/{cid}"):
        html = (await agent.get(url)).text
        assert "<script>alert" not in html and "<img src=x" not in html
    html = (await agent.get(f"/console/conversations/{cid}")).text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; 网费乱扣" in html
    # the live view gets JSON text, which console.js puts on the page with textContent
    live = (await agent.get(f"/console/conversations/{cid}/after/0")).json()
    assert live["messages"][0]["text"] == XSS


async def test_label_correction_is_stored_as_feedback(runtime: Runtime, login: Login, staff: dict[str, int]) -> None:
    cid, _ = await web_complaint(runtime, "v-label", NETWORK)
    inspector = await login("qa@desk.example.cn")
    page = await inspector.get(f"/console/conversations/{cid}")
    mid = int(re.search(r'messages/(\d+)/labels', page.text).group(1))  # type: ignore[union-attr]
    r = await inspector.post(f"/console/conversations/{cid}/messages/{mid}/labels",
                             data={"csrf": csrf_of(page.text), "kind": "complaint", "category": "fault_repair",
                                   "business": "mobile"})
    assert r.status_code == 303 and r.headers["location"].endswith("msg=corrected")
    bad = await inspector.post(f"/console/conversations/{cid}/messages/{mid}/labels",
                               data={"csrf": csrf_of(page.text), "kind": "rant", "business": "mobile"})
    assert bad.status_code == 422
    async with runtime.desk.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(NluFeedback))).all()
    assert [(f.message_id, f.category, f.staff_id) for f in rows] == [(mid, "fault_repair", staff["inspector"])]


async def test_intake_of_a_phone_complaint_opens_an_owned_ticket_once(runtime: Runtime, login: Login,
                                                                      staff: dict[str, int]) -> None:
    agent = await login("li.na@desk.example.cn")
    form = await agent.get("/console/intake")
    intake_id = re.search(r'name="intake_id" value="([0-9a-f]{32})"', form.text).group(1)  # type: ignore[union-attr]
    data = {"csrf": csrf_of(form.text), "intake_id": intake_id, "channel": "phone", "name": "陈先生",
            "phone": "139-1234-5678", "email": "", "text": "来电反映：上月被开通了视频会员，每月扣15元，本人从未订购，要求退费并取消。"}
    first = await agent.post("/console/intake", data=data)
    assert first.status_code == 200, first.text
    number = re.search(r"(TS\d+)", first.text).group(1)  # type: ignore[union-attr]
    again = await agent.post("/console/intake", data=data)  # the same form submitted twice
    assert number in again.text
    missing = await agent.post("/console/intake", data={**data, "intake_id": uuid.uuid4().hex, "phone": ""})
    assert missing.status_code == 422 and "请填写联系电话或邮箱" in missing.text
    future = await agent.post("/console/intake", data={**data, "intake_id": uuid.uuid4().hex, "received_at": "2099-01-01T09:00"})
    assert future.status_code == 422 and "受理时间不能晚于现在" in future.text
    # a letter that arrived yesterday morning: its time limits run from then (Beijing time in the form)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).astimezone(ZoneInfo("Asia/Shanghai")).replace(hour=9, minute=30)
    letter = await agent.post("/console/intake", data={
        **data, "intake_id": uuid.uuid4().hex, "channel": "letter", "phone": "", "email": "chen.li@example.com",
        "name": "陈丽", "received_at": yesterday.strftime("%Y-%m-%dT%H:%M"),
        "text": "来信反映：营业厅工作人员态度恶劣，办理携号转网时推诿，要求道歉。"})
    letter_number = re.search(r"(TS\d+)", letter.text).group(1)  # type: ignore[union-attr]
    async with runtime.desk.unit_of_work() as uow:
        tickets = (await uow.session.scalars(select(Ticket).where(Ticket.channel == "phone"))).all()
        sms = (await uow.session.scalars(select(Message).where(Message.channel == "sms"))).all()
        events = (await uow.session.scalars(select(TicketEvent.action).where(
            TicketEvent.ticket_id == tickets[0].id))).all()
    assert [t.number for t in tickets] == [number]
    async with runtime.desk.unit_of_work() as uow:
        posted = await uow.session.scalar(select(Ticket).where(Ticket.number == letter_number))
        mail = (await uow.session.scalars(select(Message.recipient).where(Message.channel == "email"))).all()
    assert posted.channel == "letter" and posted.received_at == yesterday.replace(second=0, microsecond=0)
    assert mail == ["chen.li@example.com"]  # acknowledged by e-mail
    assert tickets[0].owner_id == staff["agent_billing"] and tickets[0].category == "unauthorized_service"
    assert [m.recipient for m in sms] == ["+8613912345678"]  # acknowledged by SMS
    assert "received_by_staff" in events
    assert (await (await login("noc@desk.example.cn")).get("/console/intake")).status_code == 403


async def test_knowledge_base_is_edited_by_senior_agents_only(runtime: Runtime, login: Login) -> None:
    agent = await login("li.na@desk.example.cn")
    senior = await login("wang.fang@desk.example.cn")
    assert (await agent.get("/console/kb/new")).status_code == 403
    page = await agent.get("/console/kb")
    assert (await agent.post("/console/kb/new", data={"csrf": csrf_of(page.text), "title": "x", "body": "y",
                                                      "language": "zh-Hans"})).status_code == 403
    form = await senior.get("/console/kb/new")
    r = await senior.post("/console/kb/new", data={
        "csrf": csrf_of(form.text), "language": "zh-Hans", "title": "国际漫游如何开通",
        "body": "发送 KTMY 到 10000，或在营业厅办理；出境前24小时内生效。", "keywords": "漫游，国际, 出境",
        "published": "on"})
    assert r.status_code == 303
    async with runtime.desk.unit_of_work() as uow:
        article = await uow.session.scalar(select(KnowledgeArticle))
    assert article.keywords == ["漫游", "国际", "出境"] and article.published
    r = await senior.post(f"/console/kb/{article.id}", data={"csrf": csrf_of(form.text), "language": "zh-Hans",
                                                              "title": "", "body": "…"})
    assert r.status_code == 422
    assert "国际漫游如何开通" in (await agent.get("/console/kb")).text


async def test_english_ui(runtime: Runtime, login: Login) -> None:
    agent = await login("li.na@desk.example.cn")
    r = await agent.get("/console/lang/en", headers={"referer": "http://evil.example/console/x"})
    assert r.status_code == 303 and r.headers["location"] == "/console/x"
    agent.cookies.set("cd_lang", "en")
    page = await agent.get("/console/tickets")
    assert "Tickets" in page.text and "Log out" in page.text


async def test_supervisor_board_lists_breached_orders_for_watchers_only(runtime: Runtime, login: Login) -> None:
    from dataclasses import replace as dc_replace
    from datetime import UTC, datetime, timedelta

    from core.domain.labels import Channel, IdentityKind
    from core.domain.messages import Identity, InboundMessage

    # a complaint received two days ago: its one-hour dispatch limit has long passed
    received = datetime.now(UTC) - timedelta(days=2)
    msg = InboundMessage(channel=Channel.SMS, provider_message_id="SMboard0001",
                         sender=Identity(IdentityKind.PHONE, "+8613912345678"),
                         text="家里宽带断网两天了，报修没人来，要求尽快修复！", received_at=received,
                         thread_key="+8613912345678")
    number = (await complain(runtime.desk, lambda text: dc_replace(
        msg, text=text, provider_message_id=f"SM{uuid.uuid4().hex}"), msg.text)).ticket_number
    assert number is not None
    senior = await login("wang.fang@desk.example.cn")
    page = await senior.get("/console/board")
    assert page.status_code == 200
    assert number in page.text and "已超时" in page.text and "dispatch" in page.text
    agent = await login("li.na@desk.example.cn")
    assert (await agent.get("/console/board")).status_code == 403


async def test_work_order_operations_from_the_ticket_page(runtime: Runtime, login: Login) -> None:
    from dataclasses import replace as dc_replace
    from datetime import UTC, datetime

    from core.domain.labels import Channel, IdentityKind
    from core.domain.messages import Identity, InboundMessage
    from core.services.ticket_views import ticket_detail

    msg = InboundMessage(channel=Channel.SMS, provider_message_id="SMorder0001",
                         sender=Identity(IdentityKind.PHONE, "+8613712345678"),
                         text="宽带断网三天了，报修两次都没人上门，要求尽快修复并赔偿！", received_at=datetime.now(UTC),
                         thread_key="+8613712345678")
    number = (await complain(runtime.desk, lambda text: dc_replace(
        msg, text=text, provider_message_id=f"SM{uuid.uuid4().hex}"), msg.text)).ticket_number
    assert number is not None

    async def operate(client: object, op: str, **fields: str) -> str:
        page = await client.get(f"/console/tickets/{number}")  # type: ignore[attr-defined]
        r = await client.post(f"/console/tickets/{number}/order",  # type: ignore[attr-defined]
                              data={"csrf": csrf_of(page.text), "op": op, **fields})
        assert r.status_code == 303
        return str(r.headers["location"])

    async def status() -> str:
        async with runtime.desk.unit_of_work() as uow:
            detail = await ticket_detail(uow.session, number)
        assert detail is not None
        return f"{detail['status']}/{detail['risk_colour']}"

    senior = await login("wang.fang@desk.example.cn")
    assert "done=dispatch" in await operate(senior, "dispatch")
    assert (await status()).startswith("dispatched/")
    noc = await login("noc@desk.example.cn")
    assert "done=accept" in await operate(noc, "accept")
    assert (await status()).startswith("in_progress/")
    # a reply without its cause is refused with the reason, nothing changed
    refused = await operate(noc, "reply", result="已更换光猫", prevention="加强巡检")
    assert "refused=" in refused and (await status()).startswith("in_progress/")
    page = await noc.get(refused)
    assert "cause" in page.text
    assert "done=appeal" in await operate(senior, "appeal")
    assert (await status()).endswith("/red")
