"""Talking a complaint through the bot in tests: answer each question until the ticket opens.

Chat-like channels (web widget, Telegram, SMS) no longer open a ticket from the first message;
the bot asks for what is missing and for confirmation. Tests about what happens AFTER a ticket
exists (console roles, work orders, takeover) use `complain` to get there the way a customer
does. The answers are keyed on the bot's questions in `bots/flows/complaint.yaml`; a question
this script does not know fails the test with the bot's words.
"""

from __future__ import annotations

from collections.abc import Callable

from core.domain.messages import InboundMessage
from core.services.desk import Desk
from core.services.inbound import InboundOutcome

# checked in order: the confirmation repeats "联系电话：…" from the summary, so it comes first
ANSWERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("是否正确", "是否正確", "Is this correct"), "是"),
    (("哪些场景", "哪些場景", "which situations"), "在家看视频和打电话都卡，重启过路由器和手机也没用"),
    (("哪项业务", "哪項業務", "which service"), "家里的宽带，晚上经常断网"),
    (("联系电话", "聯絡電話", "手机号", "contact phone", "full phone number"), "13812345678"),
    (("什么地点", "什麼地點", "Where does"), "北京市朝阳区建国路88号3号楼"),
    (("什么时候开始", "什麼時候開始", "When did"), "上周一开始的"),
    (("如何处理", "如何處理", "What would you like"), "尽快修复并退还相应费用"),
)


def answer_to(reply: str) -> str | None:
    """What a cooperative customer answers to the bot's `reply`, or None for no question we know."""
    return next((answer for keys, answer in ANSWERS if any(k in reply for k in keys)), None)


async def complain(
    desk: Desk, message: Callable[[str], InboundMessage], text: str, *, max_turns: int = 8
) -> InboundOutcome:
    """Send `text`, then answer the bot until it opens the ticket; the outcome of the last message.

    `message(text)` builds one customer message (a fresh provider id each call, same thread).
    """
    outcome = await desk.submit_inbound(message(text))
    for _ in range(max_turns):
        if outcome.ticket_number is not None:
            return outcome
        said = outcome.replies[-1] if outcome.replies else ""
        answer = answer_to(said)
        assert answer is not None, f"the bot said something this script cannot answer: {said!r}"
        outcome = await desk.submit_inbound(message(answer))
    raise AssertionError(f"no ticket after {max_turns} answers; the bot last said {outcome.replies!r}")
