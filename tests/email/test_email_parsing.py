"""The fixture corpus through the MIME parser: encodings, clean text, threading, noise, bad input."""

from __future__ import annotations

import pytest

from channels.email.noise import NoiseKind
from channels.email.parsing import ParsedMail, decode_header_value, parse_mail
from core.domain.labels import Language
from tests.email.email_harness import OUR_ADDRESS, OUR_DOMAIN, fixture_bytes

pytestmark = pytest.mark.unit


def parse(name: str) -> ParsedMail:
    return parse_mail(fixture_bytes(name), our_address=OUR_ADDRESS, our_domain=OUR_DOMAIN)


def test_foxmail_gb2312_label_with_gbk_characters_decodes_names_and_text() -> None:
    mail = parse("foxmail_gbk_billing.eml")
    assert mail.from_address == "wangzhe1988@qq.com"
    assert mail.from_name == "王喆"  # 喆 is GBK, not GB2312: the label lies
    assert mail.subject == "投诉：账单多扣50元视频会员费"
    assert "本月账单多扣了50元“视频会员”费用" in mail.text
    assert "堃苑小区" in mail.text
    assert mail.language is Language.ZH_HANS
    assert mail.noise is None
    assert mail.problems == []
    assert mail.message_id == "202611232114034683512@qq.com"
    assert mail.thread_key == mail.message_id


def test_outlook_reply_strips_quoted_history_and_keeps_thread_references() -> None:
    mail = parse("outlook_gbk_reply.eml")
    assert mail.text.startswith("你好，")
    assert "师傅也没有上门" in mail.text
    # the quoted acknowledgement below Outlook's 发件人/发送时间 block is gone
    assert "您的投诉已受理" not in mail.text
    assert "发件人" not in mail.text
    assert mail.had_quote
    assert mail.ticket_hint == "TS20261122000123"
    assert mail.in_reply_to == ["cd.5d41402abc4b2a76b9719d911017c592@desk.example.com"]
    assert mail.reply_to_ids == ("cd.5d41402abc4b2a76b9719d911017c592@desk.example.com",)
    assert mail.thread_key == "cd.5d41402abc4b2a76b9719d911017c592@desk.example.com"


def test_outlook_taiwan_html_and_text_reply_in_big5_strips_the_quoted_block() -> None:
    mail = parse("outlook_html_reply_big5.eml")
    assert mail.from_name == "林怡君"
    assert mail.text == "您好：\n\n技術人員今天有來，但是網路還是一樣每天晚上斷線，請再安排檢修。\n\n林怡君"
    assert mail.had_quote
    assert mail.ticket_hint == "TS20261123000077"
    assert mail.reply_to_ids == ("cd.6512bd43d9caa6e02c990b0a82652dca@desk.example.com",)
    assert mail.language is Language.ZH_HANT
    assert mail.noise is None


def test_big5_from_taiwan_is_traditional_chinese() -> None:
    mail = parse("big5_taiwan.eml")
    assert mail.from_name == "陳志明"
    assert mail.subject == "光世代網路每晚斷線，請儘快處理"
    assert "否則我要向通訊傳播委員會申訴" in mail.text
    assert mail.language is Language.ZH_HANT


def test_big5_label_with_hong_kong_hkscs_characters() -> None:
    mail = parse("big5hkscs_hongkong.eml")
    assert mail.subject == "電話成日冇訊號"
    # 啲, 嘅 and 咗 exist only in HKSCS; plain Big5 would turn them into replacement characters
    assert "啲客服嘅答覆" in mail.text
    assert "斷咗線" in mail.text
    assert "\ufffd" not in mail.text
    assert mail.language is Language.ZH_HANT


def test_gb18030_four_byte_characters_survive() -> None:
    mail = parse("gb18030_fourbyte.eml")
    assert mail.from_name == "龚䶮"
    assert "我叫龚䶮" in mail.text


def test_html_only_mail_becomes_text_without_the_quoted_original() -> None:
    mail = parse("qq_html_only.eml")
    assert mail.html_only
    assert mail.from_name == "张女士"
    assert "13912345678上个月被开通了一个彩铃业务" in mail.text
    assert "退还所有费用" in mail.text
    assert "<div" not in mail.text
    assert "&nbsp;" not in mail.text
    # QQ's "原始邮件" bar starts the quoted bill notice
    assert "您10月话费合计" not in mail.text


def test_english_reply_drops_quote_and_signature() -> None:
    mail = parse("gmail_reply_en_quoted.eml")
    assert mail.text == (
        "Hi,\n\nIt's been 3 days and my internet is still dropping every evening. Nobody called me.\n"
        "Please send a technician this week."
    )
    assert mail.language is Language.EN
    assert mail.ticket_hint == "TS20261122000456"
    # In-Reply-To first, then References from newest to oldest
    assert mail.reply_to_ids == (
        "cd.9f86d081884c7d659a2feaa0c55ad015@desk.example.com",
        "CAK7d2Lw1aB2c3D4e5F6g7H8i9J0kL1mN2oP3qR4sT5uV6wX7y@mail.gmail.com",
    )
    assert mail.thread_key == "CAK7d2Lw1aB2c3D4e5F6g7H8i9J0kL1mN2oP3qR4sT5uV6wX7y@mail.gmail.com"


@pytest.mark.parametrize(
    ("name", "note", "forwarded_part"),
    [
        ("gmail_forward_en.eml", "I want a refund.", "International roaming (data): $65.00"),
        ("foxmail_forward_zh.eml", "帮我父亲转发一下他的投诉", "报修了三次都没人来修"),
    ],
)
def test_forwarded_mail_keeps_the_forwarded_complaint_without_its_header_block(
    name: str, note: str, forwarded_part: str
) -> None:
    mail = parse(name)
    assert mail.forwarded
    assert note in mail.text
    assert forwarded_part in mail.text
    assert "Forwarded message" not in mail.text
    assert "原始邮件" not in mail.text
    assert "From: Billing" not in mail.text
    assert "发件人" not in mail.text
    assert mail.in_reply_to == []
    assert mail.thread_key == mail.message_id


def test_declared_gb2312_but_utf8_body() -> None:
    mail = parse("wrong_charset_utf8_declared_gb2312.eml")
    assert mail.text.startswith("你好，我的5G套餐每个月都被多收了20元流量费")
    assert mail.subject == "流量费多收"
    assert any("declared charset gb2312 was wrong" in p for p in mail.problems)


def test_rfc2047_subject_across_charsets_q_encoded_name_and_rfc2231_filename() -> None:
    mail = parse("rfc2047_headers_apple.eml")
    assert mail.subject == "套餐资费与受理单不符，要求退差价"
    assert mail.from_name == "赵丽颖 (Zhao)"
    assert mail.text == "您好，附件是营业厅给我的业务受理单，上面写的是59元套餐，但是扣的是129元。"
    assert [a.filename for a in mail.attachments] == ["业务受理单.jpg"]
    assert mail.attachments[0].data.startswith(b"\xff\xd8\xff")


def test_outlook_attachments_with_gbk_encoded_word_filenames() -> None:
    mail = parse("outlook_attachments_gbk.eml")
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("缴费发票.pdf", "application/pdf"),
        ("截图.png", "image/png"),
    ]
    assert mail.attachments[0].data.startswith(b"%PDF-1.4")
    assert "已经缴费200元" in mail.text


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("autoreply_outlook_oof.eml", NoiseKind.AUTO_REPLY),
        ("autoreply_vacation_precedence.eml", NoiseKind.AUTO_REPLY),
        ("autoreply_qq_subject.eml", NoiseKind.AUTO_REPLY),
        ("dsn_bounce_postfix.eml", NoiseKind.BOUNCE),
        ("bounce_qq_nonstandard.eml", NoiseKind.BOUNCE),
        ("mailing_list_mailman.eml", NoiseKind.MAILING_LIST),
        ("own_notification_loop.eml", NoiseKind.OWN_MAIL),
    ],
)
def test_noise_is_recognised(name: str, kind: NoiseKind) -> None:
    mail = parse(name)
    assert mail.noise is not None
    assert mail.noise.kind is kind


@pytest.mark.parametrize(
    "name",
    [
        "foxmail_gbk_billing.eml",
        "outlook_gbk_reply.eml",
        "big5_taiwan.eml",
        "big5hkscs_hongkong.eml",
        "qq_html_only.eml",
        "gmail_forward_en.eml",
        "foxmail_forward_zh.eml",
        "gmail_reply_en_quoted.eml",
        "outlook_attachments_gbk.eml",
        "zip_attachment.eml",
    ],
)
def test_customer_mail_is_not_noise(name: str) -> None:
    assert parse(name).noise is None


def test_postfix_dsn_names_the_outbound_message_and_the_failure() -> None:
    mail = parse("dsn_bounce_postfix.eml")
    assert mail.noise is not None
    assert mail.noise.bounce is not None
    bounce = mail.noise.bounce
    assert bounce.original_message_ids == ("cd.c4ca4238a0b923820dcc509a6f75849b@desk.example.com",)
    assert bounce.action == "failed"
    assert bounce.status == "5.1.1"
    assert bounce.recipient == "no.such.user@163.com"
    assert bounce.diagnostic is not None
    assert "User not found" in bounce.diagnostic


def test_nonstandard_chinese_bounce_is_matched_by_our_message_id_in_its_text() -> None:
    mail = parse("bounce_qq_nonstandard.eml")
    assert mail.noise is not None
    assert mail.noise.bounce is not None
    assert mail.noise.bounce.original_message_ids == ("cd.c81e728d9d4c2f636f067f89cc14862c@desk.example.com",)


def test_malformed_multipart_without_boundary_is_repaired() -> None:
    mail = parse("malformed_mime.eml")
    assert mail.text == "我的手机从昨天开始没有信号，4G和5G都连不上。"
    assert any("NoBoundaryInMultipartDefect" in p for p in mail.problems)
    assert any("used 'no-boundary-declared'" in p for p in mail.problems)


def test_missing_from_is_reported_not_raised() -> None:
    mail = parse("missing_from.eml")
    assert mail.from_address is None
    assert "no sender address (From missing or malformed)" in mail.problems
    assert mail.text == "宽带断网三天了，没人管。"


def test_undecodable_bytes_are_replaced_and_reported() -> None:
    mail = parse("undecodable_bytes.eml")
    assert mail.text.startswith("My bill is wrong")
    assert "charged twice" in mail.text
    assert any("undecodable bytes" in p for p in mail.problems)


def test_missing_message_id_gets_a_stable_hash_and_raw_8bit_subject_is_decoded() -> None:
    first = parse("no_message_id_raw8bit_subject.eml")
    second = parse("no_message_id_raw8bit_subject.eml")
    assert first.message_id_missing
    assert first.message_id == second.message_id
    assert first.message_id.endswith("@no-message-id.invalid")
    assert first.subject == "话费被多扣"
    assert first.text == "这个月话费被多扣了30元，请查一下。"


def test_garbage_never_raises() -> None:
    for raw in (
        b"",
        b"\x00\xff" * 100,
        b'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\n',
        b"From: =?bogus-charset?B?!!!?=\r\nSubject: =?utf-8?B?not base64 at all?=\r\n\r\nhi",
    ):
        mail = parse_mail(raw, our_domain=OUR_DOMAIN)
        assert mail.message_id


def test_header_decoding_tolerates_a_wrong_charset_label() -> None:
    # Big5 bytes labelled GB2312
    word = "=?gb2312?B?" + __import__("base64").b64encode("寬頻斷線".encode("big5")).decode() + "?="
    assert decode_header_value(word) == "寬頻斷線"
