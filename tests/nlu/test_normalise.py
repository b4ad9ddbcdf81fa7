"""Normalisation: language detection, script and width folding, markup spans on original offsets."""

from __future__ import annotations

import pytest

from core.domain.labels import Language
from nlu.normalise import detect_language, fold_width, looks_binary, normalise, to_simplified

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("我家宽带又断了，报修三天没人来，要求赔偿", Language.ZH_HANS),
        ("寬頻已經斷線三天，報修之後都沒有人來處理", Language.ZH_HANT),
        ("點解我張單多咗兩百蚊？", Language.ZH_HANT),
        ("My internet has been down since Monday and nobody called back", Language.EN),
        ("我的iPhone信号很差，WiFi也连不上", Language.ZH_HANS),  # brand words do not make it English
        ("话费又多扣了 why did you charge me twice this month", Language.MIXED),
        ("@中国移动 http://t.cn/A6x8 宽带断了", Language.ZH_HANS),  # markup is not language
        ("", Language.ZH_HANS),
        ("12345 ！！！", Language.ZH_HANS),
    ],
)
def test_detect_language(text: str, language: Language) -> None:
    assert detect_language(text) == language


def test_traditional_becomes_simplified_with_mainland_words() -> None:
    assert to_simplified("寬頻網路壞了，簡訊收不到，機上盒當機") == "宽带网络坏了，短信收不到，机顶盒当机"
    # already simplified text comes back unchanged
    assert to_simplified("宽带网络坏了") == "宽带网络坏了"


def test_width_folding_keeps_length() -> None:
    text = "ＡＢＣ１２３　话费！"
    folded = fold_width(text)
    assert folded == "ABC123 话费!"
    assert len(folded) == len(text)


def test_features_text_folds_script_width_case_and_markup() -> None:
    n = normalise("@中国联通客服 寬頻ＯＫ嗎？？？？ https://example.com/x [怒]")
    assert n.features == "@提及 宽带ok吗?? 网址 [怒]"
    assert n.language == Language.ZH_HANT


def test_spans_index_the_original_text() -> None:
    text = "＠中国电信 宽带又断了😡😡 详情见 http://t.cn/A6x8Zq 联系我 test@example.com [抓狂]"
    n = normalise(text)
    assert n.original == text
    assert len(n.folded) == len(text)
    for span in n.spans:
        assert text[span.start : span.end] == span.text
    kinds = [(s.kind, s.text) for s in n.spans]
    assert ("mention", "＠中国电信") in kinds
    assert ("url", "http://t.cn/A6x8Zq") in kinds
    assert ("emoji", "[抓狂]") in kinds
    assert [s.text for s in n.of_kind("emoji")].count("😡") == 2
    # an e-mail address is not a mention
    assert not any(s.text.startswith("@example") for s in n.of_kind("mention"))


def test_folded_offsets_match_original_even_for_tricky_characters() -> None:
    text = "İstanbul ＡＢ 寬頻 ½"
    n = normalise(text)
    assert len(n.folded) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x01\x02" * 100,
        "a" * 200_000,
        "\ud800broken surrogate",
        "🙂" * 5000,
        "中文English混合mixed文本text" * 500,
    ],
)
def test_bad_input_never_raises(text: str) -> None:
    n = normalise(text)
    assert isinstance(n.features, str)
    assert len(n.features) <= 5000


def test_binary_detection() -> None:
    assert looks_binary("\x00\x01\x02\x03abc\x04\x05\x06")
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".decode("latin-1") + "\ufffd" * 20)
    assert not looks_binary("宽带断了\n第二行\t制表")
