"""The `complaintdesk` command."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from complaintdesk.settings import Settings
from complaintdesk.store_access import with_session
from core.errors import ComplaintDeskError, PolicyError

T = TypeVar("T")


def _run(coro_fn: Callable[[], Awaitable[T]]) -> T:
    try:
        return asyncio.run(coro_fn())  # type: ignore[arg-type]
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.option("--log-level", default=None, help="DEBUG, INFO, WARNING (default from COMPLAINTDESK_LOG_LEVEL)")
def main(log_level: str | None) -> None:
    """complaintdesk: the complaint desk for telecom operators."""
    level = (log_level or Settings().log_level).upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # migrations announce every plugin at INFO; only their problems interest an operator
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLevelName(level)))


@main.command()
@click.option("--host", default=None, help="bind address (COMPLAINTDESK_HOST, default 127.0.0.1)")
@click.option("--port", type=int, default=None, help="port (COMPLAINTDESK_PORT, default 8000)")
def serve(host: str | None, port: int | None) -> None:
    """Run the web service (API, web hooks, console) with the outbox dispatcher."""
    import uvicorn

    from complaintdesk.web.app import create_app
    from core.policy import load_policy

    settings = Settings()
    try:
        load_policy(settings.policy_file)  # fail before binding the port
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from exc
    # websockets' sans-I/O implementation: the legacy one uvicorn would pick is deprecated
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port,
                log_level=settings.log_level.lower(), ws="websockets-sansio")


@main.command()
def worker() -> None:
    """Run only the outbox dispatcher (and channel adapters), e.g. beside `serve` with dispatcher off."""
    from complaintdesk.bootstrap import build_runtime

    async def go() -> None:
        settings = Settings(dispatcher=True)
        rt = await build_runtime(settings)
        await rt.start_background()
        try:
            await asyncio.Event().wait()
        finally:
            await rt.close()

    _run(go)


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to date."""
    from core.db.migrate import upgrade

    settings = Settings()
    upgrade(settings.database_url, revision)
    click.echo(f"database at {revision}")


@main.group()
def kb() -> None:
    """The knowledge base the bot answers inquiries from."""


@kb.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def kb_load(path: Path) -> None:
    """Create or update articles from a YAML file (`articles:` list; see docs/examples/knowledge-base.yaml)."""
    import yaml

    from core.clock import SystemClock
    from core.services.knowledge import load_articles

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise click.ClickException(f"{path}: not valid YAML: {exc}") from exc
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        raise click.ClickException(f"{path}: expected a top-level `articles:` list")
    settings = Settings()
    if settings.auto_migrate:
        from core.db.migrate import upgrade

        upgrade(settings.database_url)

    async def go(session: Any) -> tuple[int, int]:
        try:
            counts = await load_articles(session, articles, SystemClock().now())
        except ValueError as exc:
            raise click.ClickException(f"{path}: {exc}") from exc
        await session.commit()
        return counts

    created, updated = _run(lambda: with_session(go))
    click.echo(f"knowledge base: {created} created, {updated} updated")


@main.group()
def policy() -> None:
    """The policy file."""


@policy.command("check")
@click.argument("path", type=click.Path(path_type=Path), required=False)
def policy_check(path: Path | None) -> None:
    """Validate a policy file (default: COMPLAINTDESK_POLICY_FILE or the packaged default)."""
    from core.policy import load_policy

    try:
        load_policy(path or Settings().policy_file)
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("policy OK")


@main.group()
def ticket() -> None:
    """Tickets."""


@ticket.command("list")
@click.option("--status", default=None, help="only tickets in this status")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table")
def ticket_list(status: str | None, limit: int, as_json: bool) -> None:
    """Newest tickets first (phone numbers masked)."""
    from core.services.ticket_views import ticket_list as query

    rows: list[dict[str, Any]] = _run(lambda: with_session(lambda s: query(s, status=status, limit=limit)))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(
            f"{r['number']}  {r['status']:<11} {r['kind']:<10} {r['category'] or '-':<20} "
            f"{r['business']:<11} {r['risk_colour']:<6} {r['department'] or '-':<18} {r['summary'][:40]}"
        )
    if not rows:
        click.echo("no tickets")


@ticket.command("show")
@click.argument("number")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text")
def ticket_show(number: str, as_json: bool) -> None:
    """One ticket: fields, deadlines, messages and events."""
    from core.services.ticket_views import ticket_detail

    detail = _run(lambda: with_session(lambda s: ticket_detail(s, number)))
    if detail is None:
        raise click.ClickException(f"no ticket {number}")
    if as_json:
        click.echo(json.dumps(detail, ensure_ascii=False, indent=2))
        return
    for key in ("number", "status", "kind", "category", "business", "severity", "risk_colour", "priority",
                "department", "channel", "received_at"):
        click.echo(f"{key:>12}: {detail[key]}")
    click.echo("   deadlines:")
    for d in detail["deadlines"]:
        click.echo(f"      {d['step']:<20} due {d['due_at']}" + (f"  met {d['met_at']}" if d["met_at"] else ""))
    click.echo("    messages:")
    for m in detail["messages"]:
        status = f" [{m['delivery_status']}]" if m["delivery_status"] else ""
        click.echo(f"      {m['created_at']} {m['direction']:<3} {m['channel']}{status}: {m['text'][:100]}")
    click.echo("      events:")
    for e in detail["events"]:
        click.echo(f"      {e['at']} {e['actor']}: {e['action']}")


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def ingest(path: Path) -> None:
    """Import complaints recorded elsewhere, one JSON object a line; deadlines count from received_at."""
    from complaintdesk.bootstrap import build_runtime
    from complaintdesk.ingest import IngestReport, ingest_line

    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    report = IngestReport()

    async def go() -> None:
        # complaints recorded elsewhere are complete records: no dialogue with the bot, even for
        # an archived SMS or chat (and nobody there to answer its questions)
        rt = await build_runtime(Settings(bot=False))
        try:
            with click.progressbar(enumerate(lines, 1), length=len(lines), label="importing",
                                   file=sys.stderr) as bar:
                for line_no, line in bar:
                    await ingest_line(rt.desk, line_no, line, report)
        finally:
            await rt.close()

    _run(go)
    click.echo(f"imported {report.imported} ({report.tickets} tickets), skipped {report.skipped} already "
               f"imported, rejected {len(report.rejected)}")
    for line_no, reason in report.rejected:
        click.echo(f"  line {line_no}: {reason}", err=True)
    if report.rejected:
        sys.exit(1)


def _mount_optional_groups() -> None:
    """Command groups that live with their packages (nlu, e-mail); absent ones are skipped."""
    import importlib

    for module, attr in (("nlu.cli", "nlu"), ("channels.email.cli", "email_group"),
                         ("complaintdesk.console_cli", "user"), ("complaintdesk.workflow_cli", "order")):
        try:
            group = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            continue
        main.add_command(group)


_mount_optional_groups()

if __name__ == "__main__":
    main()

__all__ = ["ComplaintDeskError", "main"]
