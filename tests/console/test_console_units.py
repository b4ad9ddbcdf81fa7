"""Pure console rules: who reads which ticket, password hashing, masking in lists, UI language."""

from __future__ import annotations

import pytest

from complaintdesk.console.i18n import pick_language, translate
from complaintdesk.console.passwords import hash_password, verify_password
from complaintdesk.console.queries import masked_snippet
from complaintdesk.console.roles import StaffMember, can_read_ticket
from core.domain.labels import Role

pytestmark = pytest.mark.unit

BILLING, NETWORK = 3, 2


def member(role: Role, department: int | None = None, staff_id: int = 10) -> StaffMember:
    return StaffMember(staff_id, "x@desk.example.cn", "x", role, department, None)


@pytest.mark.parametrize(
    ("user", "department", "owner", "held_by", "allowed"),
    [
        (member(Role.AGENT, BILLING), BILLING, None, None, True),
        (member(Role.AGENT, BILLING), NETWORK, None, None, False),
        (member(Role.AGENT, BILLING), NETWORK, 10, None, True),  # first-responder owner
        (member(Role.AGENT, BILLING), NETWORK, None, 10, True),  # holds the conversation
        (member(Role.AGENT, None), NETWORK, None, None, False),
        (member(Role.DEPARTMENT_STAFF, NETWORK), NETWORK, None, None, True),
        (member(Role.DEPARTMENT_STAFF, NETWORK), BILLING, 10, 10, False),  # only their department's orders
        (member(Role.SENIOR_AGENT), NETWORK, None, None, True),
        (member(Role.SUPERVISOR), NETWORK, None, None, True),
        (member(Role.QUALITY_INSPECTOR), BILLING, None, None, True),
        (member(Role.ADMIN), None, None, None, True),
    ],
)
def test_ticket_visibility(user: StaffMember, department: int, owner: int | None, held_by: int | None,
                           allowed: bool) -> None:
    assert can_read_ticket(user, department_id=department, owner_id=owner, held_by=held_by) is allowed


def test_passwords_are_argon2_and_checked() -> None:
    stored = hash_password("a long staff password")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "a long staff password")
    assert not verify_password(stored, "a long staff passwore")
    assert not verify_password(None, "anything at all")
    assert not verify_password("not-a-hash", "anything at all")
    with pytest.raises(ValueError, match="at least 10"):
        hash_password("short")


def test_lists_mask_numbers_but_not_ticket_numbers() -> None:
    text = "工单 TS20261124000001 已受理，您的号码 13812345678，账号 8499 0512 3456 7890"
    assert masked_snippet(text, 200) == "工单 TS20261124000001 已受理，您的号码 138****5678，账号 849****7890"


def test_ui_language() -> None:
    assert pick_language(None, "en-GB,en;q=0.8") == "en"
    assert pick_language(None, "zh-CN,zh;q=0.9") == "zh-Hans"
    assert pick_language("en", "zh-CN") == "en"
    assert pick_language("fr", None) == "zh-Hans"
    assert translate("take_over", "zh-Hans") == "接管" and translate("take_over", "en") == "Take over"
    assert translate("no_such_word", "en") == "no_such_word"
