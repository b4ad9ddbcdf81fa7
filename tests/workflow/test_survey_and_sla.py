"""Pure pieces: survey answers, due-time arithmetic on the Chinese calendar, the policy section."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from workflow_harness import CST, cst

from core.domain.labels import Role, TicketStatus
from core.errors import NotAllowed, PolicyError
from core.policy import DEFAULT_POLICY_FILE, load_policy
from core.workdays import WorkCalendar
from core.workflow import sla
from core.workflow.roles import RULES, Actor, Operation, check
from core.workflow.survey import parse_score

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("满意", 4), ("5", 5), ("不满意", 2), ("terrible", 1), ("非常满意！", 5), ("很不滿意", 1), ("4分", 4),
        ("五星好评", 5), ("给3分吧", 3), ("一般般", 3), ("Very satisfied, thank you", 5), ("not satisfied", 2),
        ("It was OK", 3), ("rating: 4", 4), ("I'd give it 2/5, the engineer was late", 2),
        ("等了3天才修好，很差", 1), ("不太满意，还是会掉线", 2), ("Dissatisfied.", 2),
    ],
)
def test_survey_answers_in_chinese_and_english(text: str, score: int) -> None:
    assert parse_score(text) == score


@pytest.mark.parametrize("text", [
    "你好", "我的号码是13812345678", "when will my refund arrive?", "10", "", "5G", "3天没网了",
    "我家宽带从上周开始每天晚上都断网，打了好几次客服电话都说在处理，到现在也没人上门，服务太差了",
])
def test_texts_that_are_not_answers(text: str) -> None:
    assert parse_score(text) is None


@pytest.mark.parametrize(("text", "score"), [
    ("5G信号很差", None), ("宽带又断了，垃圾", None), ("不太满意，还是会掉线", 2), ("4分，信号还是一般", 4),
    ("the signal is still bad", None), ("not satisfied, it still drops", 2),
])
def test_a_complaint_about_a_service_is_not_read_as_a_score(text: str, score: int | None) -> None:
    # what the pipeline asks when the NLU says the message is a complaint about mobile, broadband ...
    assert parse_score(text, judgements=False) == score


def test_revisit_window_on_the_official_calendar() -> None:
    policy = load_policy()
    calendar = WorkCalendar(CST)
    # closed Wednesday 30 Sept: 8 Oct (1), 9 Oct (2), Saturday 10 Oct is a moved working day (3)
    send, due = sla.revisit_window(policy, calendar, cst(2026, 9, 30, 18, 0))
    assert send == cst(2026, 10, 10, 10, 0)
    # Monday 12 (4), 13 (5), 14 (6), 15 (7): due by the end of the 15th
    assert due == cst(2026, 10, 15, 23, 59, 59)


def test_supervision_order_counts_the_moved_sunday_and_skips_both_holidays() -> None:
    policy = load_policy()
    # from Fri 18 Sept: Sun 20 (1) ... 24 (5), Mid-Autumn 25-27, 28 (6), 29 (7), 30 (8), National Day, 8 (9), 9 (10)
    assert sla.supervision_due(policy, WorkCalendar(CST), cst(2026, 9, 18, 9, 0)) == cst(2026, 10, 9, 23, 59, 59)


def test_calendar_hour_steps_run_through_holidays() -> None:
    policy = load_policy()
    start = cst(2026, 10, 1, 9, 0)
    assert sla.department_response_due(policy, start) == start + timedelta(minutes=30)
    assert sla.tell_result_due(policy, start) == cst(2026, 10, 2, 9, 0)
    assert sla.recontact_due(policy, start) == cst(2026, 10, 3, 9, 0)
    assert sla.urge_at(start, start + timedelta(hours=24), 0.2) == cst(2026, 10, 2, 4, 12)


def test_step_names_keep_their_rounds() -> None:
    assert sla.numbered("resolve", 1) == "resolve"
    assert sla.numbered("department_response", 3) == "department_response_3"
    assert sla.base_step("department_response_3") == "department_response"
    assert sla.base_step("appeal_close") == "appeal_close"


def _policy_with(tmp_path: Path, **workflow: object) -> Path:
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    data["workflow"].update(workflow)
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_malformed_workflow_section_is_refused_with_the_field_named(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"field workflow\.breach_escalation\.blue"):
        load_policy(_policy_with(tmp_path, breach_escalation={"blue": "the_cleaner", "yellow": "deputy_manager",
                                                             "orange": "top_management", "red": "top_management"}))
    with pytest.raises(PolicyError, match=r"workflow.*breach_escalation lacks red"):
        load_policy(_policy_with(tmp_path, breach_escalation={"blue": "department_head", "yellow": "deputy_manager",
                                                             "orange": "top_management"}))
    with pytest.raises(PolicyError, match=r"field workflow\.revisit_send_time"):
        load_policy(_policy_with(tmp_path, revisit_send_time="25:99"))
    with pytest.raises(PolicyError, match=r"field workflow\.result_fallback\.0"):
        load_policy(_policy_with(tmp_path, result_fallback=["pigeon"]))


def test_a_policy_file_without_the_workflow_section_still_loads(tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    del data["workflow"]
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_policy(path).workflow.dissatisfied_max_score == 2


class _Ticket:
    def __init__(self, status: TicketStatus, owner_id: int | None = None) -> None:
        self.status, self.number, self.owner_id = status.value, "TS20261008000001", owner_id


def test_every_operation_refuses_the_wrong_role_and_the_wrong_state() -> None:
    roles = list(Role)
    for op, rule in RULES.items():
        good_state = sorted(rule.states)[0]
        for role in roles:
            actor = Actor(1, role, "network_ops")
            if role in rule.roles:
                check(op, _Ticket(good_state), actor, "network_ops")  # type: ignore[arg-type]
            else:
                with pytest.raises(NotAllowed, match=f"{op.value}: a {role.value} may not"):
                    check(op, _Ticket(good_state), actor, "network_ops")  # type: ignore[arg-type]
        allowed_role = sorted(rule.roles)[0]
        for state in set(TicketStatus) - rule.states:
            with pytest.raises(NotAllowed, match=f"not allowed while ticket .* is {state.value}"):
                check(op, _Ticket(state), Actor(1, allowed_role, "network_ops"), "network_ops")  # type: ignore[arg-type]


def test_department_staff_act_only_on_their_own_department_and_owners_close() -> None:
    with pytest.raises(NotAllowed, match="not to your department"):
        check(Operation.REPLY, _Ticket(TicketStatus.IN_PROGRESS), Actor(5, Role.DEPARTMENT_STAFF, "product"),  # type: ignore[arg-type]
              "network_ops")
    with pytest.raises(NotAllowed, match="首问负责"):
        check(Operation.CLOSE, _Ticket(TicketStatus.REVIEWED, owner_id=7), Actor(8, Role.AGENT), None)  # type: ignore[arg-type]
    check(Operation.CLOSE, _Ticket(TicketStatus.REVIEWED, owner_id=7), Actor(7, Role.AGENT), None)  # type: ignore[arg-type]
    check(Operation.CLOSE, _Ticket(TicketStatus.REVIEWED, owner_id=7), Actor(9, Role.SENIOR_AGENT), None)  # type: ignore[arg-type]
