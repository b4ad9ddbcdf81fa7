"""The composition root: builds the desk, the outbox dispatcher and the channel adapters.

The web app, the CLI and the workers stay thin: they ask this module for a `Runtime` and use it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.engine import Bot
from complaintdesk.settings import Settings
from core.attachments import AttachmentStore
from core.clock import SystemClock
from core.db.engine import create_engine, session_factory
from core.db.migrate import upgrade_async
from core.domain.labels import Channel
from core.policy import Policy, load_policy
from core.ports import ChannelAdapter, Classifier, Clock, ConversationBot
from core.services.desk import Desk
from core.services.outbox import OutboxDispatcher
from core.templates import check_templates
from core.workflow.scheduler import Scheduler

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    policy: Policy
    engine: AsyncEngine
    desk: Desk
    dispatcher: OutboxDispatcher
    adapters: dict[Channel, ChannelAdapter] = field(default_factory=dict)
    attachments: AttachmentStore | None = None
    # web hook routes of the configured channels, mounted by the web app
    routers: list[APIRouter] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start_background(self) -> None:
        """Start channel adapters and, if configured, the outbox dispatcher."""
        for adapter in self.adapters.values():
            await adapter.start()
        if self.settings.dispatcher:
            self._tasks.append(asyncio.create_task(self.dispatcher.run_forever(self._stop)))
            # deadlines, urges, escalations and revisits (issue 7), next to the outbox
            scheduler = Scheduler(self.desk.sessions, self.policy, self.desk.clock, self.desk.calendar)
            self._tasks.append(asyncio.create_task(scheduler.run_forever(self._stop)))

    async def close(self) -> None:
        self._stop.set()
        for task in self._tasks:
            await task
        for adapter in self.adapters.values():
            try:
                await adapter.stop()
            except Exception:
                log.exception("stopping %s failed", adapter.channel)
        aclose = getattr(self.desk.classifier, "aclose", None)
        if aclose is not None:
            await aclose()  # the Rasa client's HTTP connections
        await self.engine.dispose()


def build_classifier(settings: Settings) -> Classifier:
    """The NLU backend named by COMPLAINTDESK_NLU."""
    from nlu.baseline import KeywordBaseline

    if settings.nlu == "baseline":
        return KeywordBaseline()
    from nlu.embedded import load_or_train

    embedded: Classifier = load_or_train(settings.models_dir)
    if settings.nlu == "rasa":
        from nlu.rasa_backend import RasaClassifier

        rasa: Classifier = RasaClassifier(settings.rasa_url, fallback=embedded)
        return rasa
    return embedded


@dataclass
class Channels:
    adapters: dict[Channel, ChannelAdapter] = field(default_factory=dict)
    routers: list[APIRouter] = field(default_factory=list)


def build_channels(desk: Desk, attachments: AttachmentStore) -> Channels:
    """The channels whose settings are present (each reads its own); an unconfigured one is off."""
    from channels.chat.telegram.channel import build_telegram_channel
    from channels.chat.web.channel import build_web_channel
    from channels.email.channel import EmailChannel
    from channels.email.settings import load_email_settings
    from channels.sms.channel import build_sms_channel

    built = Channels()
    # the web widget is always on: it needs nothing from outside
    web_adapter, web_router = build_web_channel(desk)
    built.adapters[Channel.WEB] = web_adapter
    built.routers.append(web_router)
    email_settings = load_email_settings()
    if email_settings is not None:
        built.adapters[Channel.EMAIL] = EmailChannel(email_settings, desk)
    sms = build_sms_channel(desk, save_media=attachments.save)
    if sms is not None:
        built.adapters[Channel.SMS] = sms.adapter
        if sms.router is not None:
            built.routers.append(sms.router)
    telegram = build_telegram_channel(desk, save_media=attachments.save)
    if telegram is not None:
        built.adapters[Channel.TELEGRAM] = telegram.adapter
        if telegram.router is not None:
            built.routers.append(telegram.router)
    for channel in built.adapters:
        log.info("channel %s is on", channel.value)
    return built


def build_bot(settings: Settings) -> ConversationBot | None:
    """The complaint bot of the flow files, or None when the bot is switched off."""
    if not settings.bot:
        return None
    return Bot(settings.bot_flows_dir)


async def build_runtime(
    settings: Settings | None = None,
    *,
    classifier: Classifier | None = None,
    adapters: dict[Channel, ChannelAdapter] | None = None,
    clock: Clock | None = None,
    migrate: bool | None = None,
) -> Runtime:
    """Everything the service needs, wired; a bad policy file raises PolicyError here."""
    settings = settings or Settings()
    policy = load_policy(settings.policy_file)
    check_templates()
    if migrate if migrate is not None else settings.auto_migrate:
        await upgrade_async(settings.database_url)
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    clock = clock or SystemClock()
    desk = Desk(sessions, classifier or build_classifier(settings), policy, clock, bot=build_bot(settings))
    await desk.setup()
    attachments = AttachmentStore(settings.attachments_dir)
    routers: list[APIRouter] = []
    if adapters is None:
        channels = build_channels(desk, attachments)
        adapters, routers = channels.adapters, channels.routers
    dispatcher = OutboxDispatcher(sessions, adapters, policy.outbox, clock)
    return Runtime(settings, policy, engine, desk, dispatcher, adapters, attachments, routers)
