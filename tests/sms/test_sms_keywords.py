"""Opt-out and opt-in keywords: whole-message matches only."""

from __future__ import annotations

import pytest

from channels.sms.opt_out import KeywordAction, classify_keyword, confirmation_text, twilio_confirms

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "body", ["STOP", "stop", " Stop! ", "UNSUBSCRIBE", "退订", "退订。", "TD", "td", "退訂", "取消订阅"]
)
def test_opt_out_keywords(body: str) -> None:
    assert classify_keyword(body) is KeywordAction.OPT_OUT


@pytest.mark.parametrize("body", ["START", "unstop", "恢复", "恢復"])
def test_opt_in_keywords(body: str) -> None:
    assert classify_keyword(body) is KeywordAction.OPT_IN


@pytest.mark.parametrize(
    "body",
    [
        "我要退订这个视频会员，从来没订过却扣了我30元",  # a complaint about a subscription
        "please stop charging me for the music package",
        "Stop the roaming charges now",
        "TD是什么意思",
        "",
    ],
)
def test_ordinary_messages_are_not_keywords(body: str) -> None:
    assert classify_keyword(body) is None


def test_yes_opts_in_only_an_opted_out_sender() -> None:
    assert classify_keyword("Yes") is None
    assert classify_keyword("Yes", currently_opted_out=True) is KeywordAction.OPT_IN


def test_confirmations() -> None:
    assert twilio_confirms("STOP")
    assert not twilio_confirms("退订")
    assert not twilio_confirms("TD")
    assert "恢复" in confirmation_text(KeywordAction.OPT_OUT, "退订")
    assert "恢复" in confirmation_text(KeywordAction.OPT_OUT, "TD")
    assert "START" in confirmation_text(KeywordAction.OPT_OUT, "QUIT")
