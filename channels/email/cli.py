"""`complaintdesk email ...`: look at mail the way the channel sees it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from channels.email.parsing import ParsedMail, parse_mail
from channels.email.settings import EmailSettings
from channels.email.storage import AttachmentStore


def parsed_to_json(parsed: ParsedMail, store: AttachmentStore) -> dict[str, Any]:
    """The normalised message as a JSON-ready dict (what the desk would receive, plus diagnostics)."""
    return {
        "message_id": parsed.message_id,
        "sender": {"address": parsed.from_address, "name": parsed.from_name},
        "reply_to": parsed.reply_to,
        "to": parsed.to,
        "subject": parsed.subject,
        "date": parsed.date.isoformat() if parsed.date else None,
        "language": parsed.language.value if parsed.language else None,
        "text": parsed.text,
        "thread": {
            "thread_key": parsed.thread_key,
            "in_reply_to": parsed.in_reply_to,
            "references": parsed.references,
            "reply_to_ids": list(parsed.reply_to_ids),
            "ticket_hint": parsed.ticket_hint,
            "forwarded": parsed.forwarded,
        },
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": len(a.data),
                "refused_reason": store.refusal(a),
            }
            for a in parsed.attachments
        ],
        "noise": (
            {"kind": parsed.noise.kind.value, "reason": parsed.noise.reason} if parsed.noise is not None else None
        ),
        "bounce": (
            {
                "original_message_ids": list(parsed.noise.bounce.original_message_ids),
                "action": parsed.noise.bounce.action,
                "status": parsed.noise.bounce.status,
                "recipient": parsed.noise.bounce.recipient,
                "diagnostic": parsed.noise.bounce.diagnostic,
            }
            if parsed.noise is not None and parsed.noise.bounce is not None
            else None
        ),
        "html_only": parsed.html_only,
        "had_quote": parsed.had_quote,
        "size": parsed.size,
        "problems": parsed.problems,
    }


@click.group(name="email")
def email_group() -> None:
    """The e-mail channel: inspect mail as the desk will see it."""


@email_group.command("parse")
@click.argument("eml", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--full-text", is_flag=True, help="Also print the whole body, quotes included.")
def parse_command(eml: str, full_text: bool) -> None:
    """Print the normalised message of one raw mail (FILE.eml, or - for stdin) as JSON."""
    raw = sys.stdin.buffer.read() if eml == "-" else Path(eml).read_bytes()
    settings = EmailSettings()
    parsed = parse_mail(raw, our_address=settings.mail_from, our_domain=settings.message_id_domain)
    store = AttachmentStore(
        settings.attachments_dir, settings.attachment_max_bytes, settings.attachment_refused_extensions
    )
    data = parsed_to_json(parsed, store)
    if full_text:
        data["full_text"] = parsed.full_text
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@email_group.command("ingest")
@click.argument("emls", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def ingest_command(emls: tuple[str, ...]) -> None:
    """Feed raw mails (e.g. from var/mail/rejected.jsonl or an export) into the desk, once each.

    The desk is idempotent on Message-ID: a mail already stored is reported as a duplicate.
    """
    import asyncio

    from channels.email.intake import MailIntake
    from complaintdesk.bootstrap import build_runtime

    mails = [(path, Path(path).read_bytes()) for path in emls]

    async def run() -> None:
        runtime = await build_runtime(adapters={})
        try:
            intake = MailIntake(runtime.desk, EmailSettings())
            for path, raw in mails:
                outcome = await intake.ingest(raw)
                line = {
                    "file": path,
                    "result": outcome.result.value,
                    "message_id": outcome.message_id,
                    "ticket": outcome.ticket_number,
                    "reason": outcome.reason,
                }
                click.echo(json.dumps(line, ensure_ascii=False))
        finally:
            await runtime.close()

    asyncio.run(run())
