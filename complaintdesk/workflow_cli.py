"""`complaintdesk order ...`: work-order operations for staff at a terminal, and the supervisor board.

Each command is one unit of work as the member of staff named by `--as` (their console e-mail);
a refused operation prints the reason and exits 1 with nothing changed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

import click
from sqlalchemy import select

from complaintdesk.settings import Settings
from complaintdesk.store_access import sessions
from core.clock import SystemClock
from core.db.tables import Department, StaffUser
from core.domain.labels import Role
from core.errors import ComplaintDeskError
from core.policy import load_policy
from core.uow import UnitOfWork
from core.workdays import WorkCalendar
from core.workflow import orders
from core.workflow.board import supervisor_board
from core.workflow.roles import Actor
from core.workflow.scheduler import Scheduler

T = TypeVar("T")


def _run(fn: Callable[[], Awaitable[T]]) -> T:
    try:
        return asyncio.run(fn())  # type: ignore[arg-type]
    except ComplaintDeskError as exc:
        raise click.ClickException(str(exc)) from exc


async def _operate(staff_email: str, number: str, op: Callable[..., Awaitable[Any]], **kwargs: Any) -> Any:
    settings = Settings()
    policy = load_policy(settings.policy_file)
    async with sessions(settings) as factory, UnitOfWork(factory) as uow:
        session = uow.session
        user = await session.scalar(select(StaffUser).where(StaffUser.email == staff_email,
                                                            StaffUser.active.is_(True)))
        if user is None:
            raise click.ClickException(f"--as: no active member of staff {staff_email}")
        department = (await session.get(Department, user.department_id)) if user.department_id else None
        actor = Actor(user.id, Role(user.role), department.code if department else None)
        result = await orders.operate(session, number, actor, op, policy=policy,
                                      calendar=WorkCalendar(policy.zone), now=SystemClock().now(), **kwargs)
        await uow.commit()
        return result


def _as_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--as", "staff", required=True, help="your console e-mail")(fn)


@click.group("order")
def order() -> None:
    """Work orders: dispatch, urge, return, reply, review, close, second dispatch, board."""


@order.command()
@_as_option
@click.argument("number")
@click.option("--department", default=None, help="department code (default: policy routing)")
def dispatch(staff: str, number: str, department: str | None) -> None:
    """派单: send the order to its department."""
    step = _run(lambda: _operate(staff, number, orders.dispatch, department=department))
    click.echo(f"{number} dispatched ({step} opened)")


@order.command()
@_as_option
@click.argument("number")
def accept(staff: str, number: str) -> None:
    """The department takes the order."""
    _run(lambda: _operate(staff, number, orders.accept))
    click.echo(f"{number} in progress")


@order.command()
@_as_option
@click.argument("number")
@click.option("--note", default=None)
def urge(staff: str, number: str, note: str | None) -> None:
    """催单: chase the department."""
    _run(lambda: _operate(staff, number, orders.urge, note=note))
    click.echo(f"{number} urged")


@order.command("return")
@_as_option
@click.argument("number")
@click.option("--reason", required=True)
def return_(staff: str, number: str, reason: str) -> None:
    """退单: not this department's order, with the reason."""
    _run(lambda: _operate(staff, number, orders.return_order, reason=reason))
    click.echo(f"{number} returned to the desk")


@order.command()
@_as_option
@click.argument("number")
@click.option("--cause", required=True)
@click.option("--result", required=True)
@click.option("--prevention", required=True)
@click.option("--justification", type=click.Choice(orders.JUSTIFICATIONS), default="justified", show_default=True)
@click.option("--commitment", default=None, help="compensation or promise, confirmed to the customer in writing")
def reply(staff: str, number: str, cause: str, result: str, prevention: str, justification: str,
          commitment: str | None) -> None:
    """回单: report cause, result and prevention."""
    _run(lambda: _operate(staff, number, orders.reply, cause=cause, result=result, prevention=prevention,
                          justification=justification, commitment=commitment))
    click.echo(f"{number} replied")


@order.command()
@_as_option
@click.argument("number")
@click.option("--approve/--reject", required=True)
@click.option("--note", default=None, help="required with --reject")
def review(staff: str, number: str, approve: bool, note: str | None) -> None:
    """审核: approve the reply for closing, or send it back."""
    _run(lambda: _operate(staff, number, orders.review, approve=approve, note=note))
    click.echo(f"{number} {'approved' if approve else 'sent back'}")


@order.command()
@_as_option
@click.argument("number")
def close(staff: str, number: str) -> None:
    """结单: send the result and schedule the revisit."""
    _run(lambda: _operate(staff, number, orders.close))
    click.echo(f"{number} closed")


@order.command("second-dispatch")
@_as_option
@click.argument("number")
@click.option("--department", default=None)
def second_dispatch(staff: str, number: str, department: str | None) -> None:
    """二次派单 of a reopened order."""
    _run(lambda: _operate(staff, number, orders.second_dispatch, department=department))
    click.echo(f"{number} dispatched a second time")


@order.command()
@_as_option
@click.argument("number")
@click.option("--received-at", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z"]), default=None,
              help="when the regulator's appeal arrived (ISO 8601 with offset; default now)")
def appeal(staff: str, number: str, received_at: datetime | None) -> None:
    """Register a regulator appeal (申诉) on the ticket."""
    _run(lambda: _operate(staff, number, orders.register_appeal, received_at=received_at))
    click.echo(f"{number} registered as an appeal")


@order.command()
@click.option("--json", "as_json", is_flag=True)
def board(as_json: bool) -> None:
    """The supervisor board: open orders breached or near breach."""

    async def go() -> list[dict[str, Any]]:
        settings = Settings()
        policy = load_policy(settings.policy_file)
        async with sessions(settings) as factory, UnitOfWork(factory) as uow:
            return await supervisor_board(uow.session, policy, SystemClock().now())

    rows = _run(go)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['state']:<9} {r['number']}  {r['step']:<24} due {r['due_at']}  {r['risk_colour']:<6} "
                   f"{r['department'] or '-'}")
    if not rows:
        click.echo("nothing near breach")


@order.command("run-timers")
def run_timers() -> None:
    """One scheduler pass (the service runs these continuously; this is for cron or a check)."""

    async def go() -> int:
        settings = Settings()
        policy = load_policy(settings.policy_file)
        async with sessions(settings) as factory:
            return await Scheduler(factory, policy, SystemClock()).run_due()

    click.echo(f"fired {_run(go)} timers")
