"""Pure text helpers: charset guessing, quote and signature stripping, subjects and Message-IDs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from channels.email.charsets import decode_bytes, normalise_charset
from channels.email.cli import email_group
from channels.email.html_text import html_to_text
from channels.email.language import guess_language
from channels.email.mail_threading import (
    clean_subject,
    is_forward,
    is_our_message_id,
    our_message_id,
    parse_msg_ids,
    tag_subject,
    thread_root,
    ticket_hint,
)
from channels.email.quoting import strip_quoted
from core.domain.labels import Language
from tests.email.email_harness import FIXTURES

pytestmark = pytest.mark.unit

SIMPLIFIED = "您好，我的宽带从昨天下午开始断网，打了三次客服电话都没有解决，要求尽快修复并赔偿。"
TRADITIONAL = "您好，我家的寬頻網路從昨天開始斷線，打了三次客服電話都沒有解決，要求儘快修復並賠償。"


@pytest.mark.parametrize(
    ("data", "declared", "expected", "codec"),
    [
        (SIMPLIFIED.encode("gbk"), "gb2312", SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gbk"), "big5", SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), "gb2312", TRADITIONAL, "big5hkscs"),
        (TRADITIONAL.encode("big5"), "iso-8859-1", TRADITIONAL, "big5hkscs"),
        (SIMPLIFIED.encode("utf-8"), "gbk", SIMPLIFIED, "utf-8"),
        (SIMPLIFIED.encode("gb18030"), None, SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), None, TRADITIONAL, "big5hkscs"),
        (TRADITIONAL.encode("big5"), "x-unknown-charset", TRADITIONAL, "big5hkscs"),
    ],
)
def test_decode_bytes_finds_the_real_charset(data: bytes, declared: str | None, expected: str, codec: str) -> None:
    decoded = decode_bytes(data, declared)
    assert decoded.text == expected
    assert decoded.codec == codec
    assert not decoded.lossy


def test_charset_aliases_map_to_supersets() -> None:
    assert normalise_charset("GB2312") == "gb18030"
    assert normalise_charset("x-gbk") == "gb18030"
    assert normalise_charset('"Big5"') == "big5hkscs"
    assert normalise_charset("no-such-charset") is None


OUTLOOK_EN = """Please escalate, the technician never came.

Mary

________________________________
From: Complaint Desk <complaints@desk.example.com>
Sent: Tuesday, November 24, 2026 9:00 AM
To: Mary Jones <mary@example.com>
Subject: Your complaint [#TS20261124000003]

We received your complaint."""

ORIGINAL_MESSAGE = """收到，但是问题还没解决。

-----原始邮件-----
发件人："客户投诉受理中心" <complaints@desk.example.com>
发送时间：2026年11月24日 星期二 上午9:00
收件人：<lihua@example.com>
主题：您的投诉已受理

您好，您的投诉已受理。"""

GMAIL_ZH = """师傅说明天来，但我明天不在家，能改到周六吗？

在 2026年11月24日周二 上午9:00，客户投诉受理中心 <complaints@desk.example.com> 写道：

> 您好，您的投诉已受理。"""

INTERLEAVED = """> 请问您的宽带账号是多少？
0371****5566
> 故障从什么时候开始？
昨天晚上八点

发自我的iPhone"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (OUTLOOK_EN, "Please escalate, the technician never came.\n\nMary"),
        (ORIGINAL_MESSAGE, "收到，但是问题还没解决。"),
        (GMAIL_ZH, "师傅说明天来，但我明天不在家，能改到周六吗？"),
        (INTERLEAVED, "0371****5566\n昨天晚上八点"),
    ],
)
def test_strip_quoted_keeps_only_the_new_text(text: str, expected: str) -> None:
    stripped = strip_quoted(text)
    assert stripped.text == expected
    assert stripped.had_quote


def test_signature_is_cut_only_near_the_end() -> None:
    text = "宽带断网了。\n\n-- \n张三\n138-1234-5678"
    stripped = strip_quoted(text)
    assert stripped.text == "宽带断网了。"
    assert stripped.signature == "-- \n张三\n138-1234-5678"
    plain = strip_quoted("Sent from the shop on Main Street they told me my plan would change.")
    assert plain.text.startswith("Sent from the shop")


def test_html_blockquote_and_outlook_reply_div_are_marked_as_quotes() -> None:
    html = (
        '<div>新问题：又断网了</div><div id="divRplyFwdMsg">'
        "<b>发件人:</b> 客服<br><b>发送时间:</b> 昨天</div>"
        "<blockquote>旧内容</blockquote>"
    )
    text = html_to_text(html)
    assert text.splitlines()[0] == "新问题：又断网了"
    assert "> 旧内容" in text
    assert strip_quoted(text).text == "新问题：又断网了"


def test_subject_helpers() -> None:
    assert ticket_hint("答复: 宽带断网 [#TS20261122000123]") == "TS20261122000123"
    assert ticket_hint("回复：【#ts20261122000123】") == "TS20261122000123"
    assert ticket_hint("工单 TS20261122000123 还没处理") == "TS20261122000123"
    assert ticket_hint("订单 897123050528436542") is None
    assert clean_subject("RE: 回复: Fwd: 转发：宽带断网 [#TS20261122000123]") == "宽带断网"
    assert clean_subject("答复: 宽带断网") == "宽带断网"
    assert is_forward("转发：固话坏了")
    assert is_forward("FW: bill")
    assert not is_forward("Re: bill")
    assert tag_subject("Re: 宽带断网 [#TS20261122000123]", "TS20261122000123") == "Re: 宽带断网 [#TS20261122000123]"
    assert tag_subject("Re: 宽带断网", "TS20261122000123") == "Re: 宽带断网 [#TS20261122000123]"


def test_message_id_helpers() -> None:
    mid = our_message_id("reply-1-complaint_opened", "desk.example.com")
    assert is_our_message_id(mid, "desk.example.com")
    assert is_our_message_id(f"<{mid}>", "DESK.example.com")
    assert not is_our_message_id("abc@qq.com", "desk.example.com")
    assert parse_msg_ids("<a@x> <b@y>\r\n <a@x>") == ["a@x", "b@y"]
    assert parse_msg_ids("a@x, b@y") == ["a@x", "b@y"]
    assert thread_root("c@z", ["b@y"], ["a@x", "b@y"]) == "a@x"
    assert thread_root("c@z", ["b@y"], []) == "b@y"
    assert thread_root("c@z", [], []) == "c@z"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (SIMPLIFIED, Language.ZH_HANS),
        (TRADITIONAL, Language.ZH_HANT),
        ("My broadband has been down since Monday, please fix it.", Language.EN),
        ("", None),
    ],
)
def test_guess_language(text: str, language: Language | None) -> None:
    assert guess_language(text) is language


def test_cli_parse_prints_the_normalised_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_MAIL_FROM", "complaints@desk.example.com")
    result = CliRunner().invoke(email_group, ["parse", str(FIXTURES / "outlook_attachments_gbk.eml")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sender"] == {"address": "zhoutao@outlook.com", "name": "周涛"}
    assert data["subject"] == "已缴费却被停机"
    assert data["language"] == "zh-Hans"
    assert "10月份已经缴费200元" in data["text"]
    assert [a["filename"] for a in data["attachments"]] == ["缴费发票.pdf", "截图.png"]
    assert data["thread"]["thread_key"] == data["message_id"]
    assert data["noise"] is None


def test_cli_parse_shows_noise_and_bounce(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_MAIL_FROM", "complaints@desk.example.com")
    result = CliRunner().invoke(email_group, ["parse", str(FIXTURES / "dsn_bounce_postfix.eml")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["noise"]["kind"] == "bounce"
    assert data["bounce"]["status"] == "5.1.1"


@pytest.mark.integration
def test_cli_ingest_feeds_mail_into_the_desk_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COMPLAINTDESK_NLU", "baseline")
    monkeypatch.setenv("COMPLAINTDESK_MAIL_FROM", "complaints@desk.example.com")
    monkeypatch.setenv("COMPLAINTDESK_MAIL_RAW_DIR", str(tmp_path / "mail"))
    monkeypatch.setenv("COMPLAINTDESK_ATTACHMENTS_DIR", str(tmp_path / "attachments"))
    files = [str(FIXTURES / "foxmail_gbk_billing.eml"), str(FIXTURES / "mailing_list_mailman.eml")]
    first = CliRunner().invoke(email_group, ["ingest", *files])
    again = CliRunner().invoke(email_group, ["ingest", files[0]])
    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    submitted, ignored = (json.loads(line) for line in first.output.splitlines())
    assert submitted["result"] == "submitted"
    assert submitted["ticket"] is not None
    assert ignored["result"] == "ignored"
    assert json.loads(again.output)["result"] == "duplicate"
    assert json.loads(again.output)["ticket"] == submitted["ticket"]
