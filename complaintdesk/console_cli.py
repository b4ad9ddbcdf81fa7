"""`complaintdesk user ...`: staff accounts for the console."""

from __future__ import annotations

import asyncio
import sys

import click

from complaintdesk.console.passwords import MIN_LENGTH
from core.domain.labels import Role
from core.errors import NotFound


@click.group("user")
def user() -> None:
    """Staff accounts of the agent console."""


@user.command("create")
@click.option("--email", required=True, help="the login e-mail")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="policy §9 role")
@click.option("--department", default=None, help="department code from the policy file (department staff need one)")
@click.option("--name", default="", help="display name (default: the e-mail's local part)")
@click.option("--password-stdin", is_flag=True, help="read the password from the first line of stdin")
def create(email: str, role: str, department: str | None, name: str, password_stdin: bool) -> None:
    """Create a staff account; the password is prompted for unless --password-stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(f"Password (at least {MIN_LENGTH} characters)", hide_input=True,
                                confirmation_prompt=True)
    from complaintdesk.bootstrap import build_runtime
    from complaintdesk.console.accounts import create_user
    from complaintdesk.settings import Settings
    from nlu.baseline import KeywordBaseline

    async def go() -> int:
        # no NLU model is needed to add an account: the keyword baseline loads instantly
        rt = await build_runtime(Settings(dispatcher=False), adapters={}, classifier=KeywordBaseline())
        try:
            return await create_user(rt.desk, email=email, role=Role(role), password=password,
                                     department=department, name=name)
        finally:
            await rt.close()

    try:
        staff_id = asyncio.run(go())
    except (ValueError, NotFound) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created staff user {staff_id}: {email.strip().lower()} ({role}"
               + (f", {department})" if department else ")"))
