"""What the customer wants done: 要求退费, 赔偿, 取消业务, 尽快修复, refund, credit, cancel, fix."""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.domain.labels import EntityType
from nlu.entities.spans import Candidate

# Canonical remedy for each wording; the value lets the desk count demands without parsing text.
# These words are demands wherever they appear.
_ZH_REMEDIES: dict[str, str] = {
    "退费": "refund",
    "退款": "refund",
    "退钱": "refund",
    "退还": "refund",
    "返还": "refund",
    "退回": "refund",
    "退话费": "refund",
    "返还话费": "refund",
    "退还话费": "refund",
    "赔偿": "compensation",
    "补偿": "compensation",
    "赔钱": "compensation",
    "减免": "waiver",
    "免除": "waiver",
    "免单": "waiver",
    "道歉": "apology",
    "赔礼道歉": "apology",
    "书面道歉": "apology",
    "退租": "return_device",
    "降价": "discount",
    "打折": "discount",
    "二次处理": "reprocess",
    "重新处理": "reprocess",
    "给个说法": "explanation",
    "给个解释": "explanation",
    "给出解释": "explanation",
}
# These also tell what happened ("退订回复了也没用", "师傅修好了", "申请了拆机"): they are demands
# only after a demand cue (要求取消业务, 请尽快修复, 帮我退订).
_ZH_WEAK_REMEDIES: dict[str, str] = {
    "取消业务": "cancel",
    "取消服务": "cancel",
    "取消套餐": "cancel",
    "取消订购": "cancel",
    "取消": "cancel",
    "退订": "cancel",
    "销户": "cancel",
    "注销": "cancel",
    "拆机": "cancel",
    "解约": "cancel",
    "修复": "repair",
    "维修": "repair",
    "修好": "repair",
    "抢修": "repair",
    "上门维修": "repair",
    "恢复": "restore",
    "复机": "restore",
}
# "请相关部门尽快处理" closes every agent summary: handling is a remedy only when the customer
# asks for it in so many words (要求尽快处理, 希望你们解决)
_ZH_HANDLE: dict[str, str] = {"处理": "handle", "解决": "handle"}
# also narrate ("they want $250 to cancel early", "it was fixed"): demands only after a cue
_EN_WEAK = frozenset({"cancel", "fix", "repair", "restore"})
_EN_CUE = re.compile(
    r"(?:^|[.!?:;]\s*|\n|please\s+|(?:want|need|like|demand|request|asking|ask|expect|going|have)\s+"
    r"(?:you\s+|them\s+|someone\s+)?to\s+|(?:must|will|should|can|could|would)\s+(?:you\s+)?)$",
    re.IGNORECASE,
)
_EN_REMEDIES: dict[str, str] = {
    "refund": "refund",
    "full refund": "refund",
    "my money back": "refund",
    "reimburse": "refund",
    "reimbursement": "refund",
    "credit": "credit",
    "bill credit": "credit",
    "account credit": "credit",
    "cancel": "cancel",
    "cancellation": "cancel",
    "fix": "repair",
    "repair": "repair",
    "compensation": "compensation",
    "compensate": "compensation",
    "apologize": "apology",
    "apologise": "apology",
    "apology": "apology",
    "waive": "waiver",
    "restore": "restore",
}
# a demand word directly before the remedy belongs to it ("要求退费" is one remedy)
_ZH_LEAD = (
    r"(?:(?:强烈要求|要求|请求|申请|希望|必须|务必)(?:你们|贵公司)?)?"
    r"(?:尽快|马上|立即|立刻|赶紧|全额|全部)?"
)


def _alternation(words: dict[str, str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_ZH = re.compile(_ZH_LEAD + f"(?P<core>{_alternation(_ZH_REMEDIES)})")
# 修好了, 处理过: done already, not wanted
_ZH_WEAK = re.compile(_ZH_LEAD + f"(?P<core>{_alternation(_ZH_WEAK_REMEDIES)})(?!了|过)")
_ZH_HANDLE_RE = re.compile(
    r"(?:(?:(?:强烈要求|要求|请求|希望|务必)(?:你们|贵公司)?)(?:尽快|马上|立即|立刻|赶紧|妥善)?"
    # 麻烦尽快处理, 请马上解决: the courtesy word stays out of the span, as in 请尽快修复
    r"|(?:(?<=请)|(?<=麻烦)|(?<=帮我)|(?<=帮忙))(?:尽快|马上|立即|立刻|赶紧|妥善)?)"
    rf"(?P<core>{_alternation(_ZH_HANDLE)})(?!了|过)"
)
# cues that make a weak word a demand without being part of the remedy's span
_ZH_CUE = re.compile(
    # 并 joins a second demand to the first: 要求退还并取消
    r"(?:请|帮我|给我|帮忙|麻烦|我要|想要|需要|能否|能不能|可不可以|赶快|快点|快|要求|希望|并)(?:你们|给我|帮我)?$"
)
_EN = re.compile(
    rf"(?<![A-Za-z])(?P<core>{_alternation(_EN_REMEDIES)})(?![A-Za-z])"
    # credit card, fixed line, cancel culture: the same words, not a remedy
    r"(?!\s+(?:card|score|check|limit|union|line))",
    re.IGNORECASE,
)


def find_remedies(folded: str, original: str) -> Iterator[Candidate]:
    """Remedy candidates; value is the canonical remedy (refund, compensation, cancel, ...)."""
    if not folded.isascii():  # the Chinese patterns all need a Chinese word
        yield from _find_zh(folded)
    if _LATIN.search(folded):
        yield from _find_en(folded)


_LATIN = re.compile(r"[A-Za-z]")


def _find_zh(folded: str) -> Iterator[Candidate]:
    for m in _ZH.finditer(folded):
        value = _ZH_REMEDIES[m.group("core")]
        yield Candidate(EntityType.REMEDY, m.start(), m.end(), value)
    for m in _ZH_WEAK.finditer(folded):
        led = m.start("core") > m.start()
        if led or _ZH_CUE.search(folded, max(0, m.start() - 6), m.start()):
            yield Candidate(EntityType.REMEDY, m.start(), m.end(), _ZH_WEAK_REMEDIES[m.group("core")])
    for m in _ZH_HANDLE_RE.finditer(folded):
        yield Candidate(EntityType.REMEDY, m.start(), m.end(), _ZH_HANDLE[m.group("core")])


def _find_en(folded: str) -> Iterator[Candidate]:
    for m in _EN.finditer(folded):
        word = " ".join(m.group("core").lower().split())
        if word in _EN_WEAK and not _EN_CUE.search(folded, max(0, m.start() - 40), m.start()):
            continue
        value = _EN_REMEDIES[word]
        yield Candidate(EntityType.REMEDY, m.start(), m.end(), value)
