"""`complaintdesk order ...` against a real database, as staff at a terminal."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner, Result
from workflow_harness import World, cst

from complaintdesk.workflow_cli import order

pytestmark = pytest.mark.integration


async def _cli(args: list[str], url: str) -> Result:
    runner = CliRunner()
    env: dict[str, str | None] = {"COMPLAINTDESK_DATABASE_URL": url, "COMPLAINTDESK_POLICY_FILE": None}
    return await asyncio.to_thread(runner.invoke, order, args, env=env, catch_exceptions=False)


async def test_staff_work_an_order_from_the_terminal(world: World, sqlite_url: str) -> None:
    number = await world.complain("这个月话费多扣了58元，要求退费", phone="+8613812345678", at=cst(2026, 10, 12, 9, 0))
    assert number is not None
    refused = await _cli(["accept", "--as", "bill_zhou@operator.example.cn", number], sqlite_url)
    assert refused.exit_code == 1 and "not allowed while ticket" in refused.output and "is new" in refused.output
    steps = [
        ["dispatch", "--as", "agent_li@operator.example.cn", number],
        ["accept", "--as", "bill_zhou@operator.example.cn", number],
        ["reply", "--as", "bill_zhou@operator.example.cn", number, "--cause", "计费系统重复扣费",
         "--result", "已全额退还58元", "--prevention", "修复计费规则"],
        ["review", "--as", "senior_zhao@operator.example.cn", number, "--approve"],
        ["close", "--as", "agent_li@operator.example.cn", number],
    ]
    for args in steps:
        result = await _cli(args, sqlite_url)
        assert result.exit_code == 0, result.output
    ticket = await world.ticket(number)
    assert ticket.status == "closed"
    assert [e.action for e in await world.events(number)] == ["opened", "dispatch", "accept", "reply", "review", "close"]
    unknown = await _cli(["close", "--as", "nobody@operator.example.cn", number], sqlite_url)
    assert unknown.exit_code == 1 and "no active member of staff" in unknown.output


async def test_the_board_lists_breached_orders(world: World, sqlite_url: str) -> None:
    number = await world.complain("宽带装机预约了三次都没人来", phone="+8613812345678", at=cst(2026, 10, 12, 9, 0))
    result = await _cli(["board", "--json"], sqlite_url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    # the test clock is in October; the terminal's clock is today's, long after every limit
    assert {(r["number"], r["step"], r["state"]) for r in rows} == {(number, "dispatch", "breached"),
                                                                    (number, "resolve", "breached")}
