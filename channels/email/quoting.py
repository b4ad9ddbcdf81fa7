"""Strip quoted history and signatures so only what the customer just wrote is classified.

A reply carries the whole thread below it (Outlook's From/Sent block, Foxmail's "原始邮件" bar,
Gmail's "On ... wrote:", `>` lines); classifying that would label our own acknowledgement. A
forward is the other way round: the forwarded mail usually *is* the complaint, so it is kept,
only its header block is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATOR = re.compile(
    r"^\s*[-_=]{2,}\s*(original message|original|原始邮件|原始郵件|原始信件|原邮件|原郵件)\s*[-_=]{2,}\s*$",
    re.IGNORECASE,
)
_FORWARD_SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(forwarded message|forwarded e-?mail|转发邮件信息|转发的邮件|轉寄郵件資訊|轉寄的郵件|"
    r"转发邮件|轉寄郵件)\s*-{2,}|begin forwarded message:?)\s*$",
    re.IGNORECASE,
)
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
_WROTE = re.compile(
    r"^\s*(on\s.{4,250}\swrote|在\s?.{2,200}(写道|寫道)|.{0,80}\d{4}.{2,120}(写道|寫道|wrote))\s*[:：]?\s*$",
    re.IGNORECASE,
)
_HEADER_FROM = re.compile(r"^\s*\**\s*(from|发件人|發件人|寄件者|寄件人)\s*\**\s*[:：]", re.IGNORECASE)
_HEADER_OTHER = re.compile(
    r"^\s*\**\s*(sent|date|to|cc|subject|发送时间|發送時間|时间|時間|日期|收件人|收件者|抄送|副本|主题|主題|"
    r"寄件日期|发送日期|主旨)\s*\**\s*[:：]",
    re.IGNORECASE,
)
_SIGNATURE_START = re.compile(
    r"^\s*(--|—|sent from my .{1,40}|sent from (mail|outlook|yahoo|windows).{0,40}|get outlook for .*|"
    r"(发|發)自.{0,30}(iphone|ipad|android|手机|手機|邮箱|郵箱|mail|华为|小米|荣耀|oppo|vivo).*|"
    r"来自.{0,20}(邮箱|手机|iphone|mail).*|從我的.{0,20}傳送|从我的.{0,20}发送)\s*$",
    re.IGNORECASE,
)
# a signature this far from the end is probably not one
_SIGNATURE_WINDOW = 12


@dataclass(frozen=True, slots=True)
class StrippedText:
    """What the customer wrote now, and what was cut away."""

    text: str
    had_quote: bool = False
    signature: str | None = None
    forwarded: bool = False


def _header_block_at(lines: list[str], index: int) -> int:
    """Length of a From/Sent/To/Subject block starting at `index`, or 0 when there is none."""
    if not _HEADER_FROM.match(lines[index]):
        return 0
    end = index + 1
    others = 0
    while end < len(lines) and end - index <= 8:
        if _HEADER_OTHER.match(lines[end]):
            others += 1
        elif lines[end].strip() and not lines[end].startswith((" ", "\t")):
            break
        end += 1
    return end - index if others >= 1 else 0


def _cut_signature(lines: list[str]) -> tuple[list[str], str | None]:
    last = len(lines)
    while last and not lines[last - 1].strip():
        last -= 1
    for index in range(max(0, last - _SIGNATURE_WINDOW), last):
        if _SIGNATURE_START.match(lines[index]):
            signature = "\n".join(lines[index:last]).strip()
            return lines[:index], signature or None
    return lines[:last], None


def _joined_wrote(lines: list[str], index: int) -> bool:
    """Gmail wraps a long "On <date> <name> <addr> wrote:" over two lines."""
    if _WROTE.match(lines[index]):
        return True
    return index + 1 < len(lines) and bool(_WROTE.match(lines[index] + " " + lines[index + 1]))


def strip_quoted(text: str, *, forwarded: bool = False) -> StrippedText:
    """Cut quoted history and a trailing signature; for a forward keep the forwarded body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    new: list[str] = []
    had_quote = False
    forward_body: list[str] | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        is_forward_bar = bool(_FORWARD_SEPARATOR.match(line))
        is_reply_bar = bool(_SEPARATOR.match(line) or _OUTLOOK_RULE.match(line))
        header = _header_block_at(lines, index)
        if is_forward_bar or (forwarded and (is_reply_bar or header)):
            # drop the bar and the forwarded mail's header block, keep its body
            skip = index + 1 if (is_forward_bar or is_reply_bar) else index
            while skip < len(lines) and not lines[skip].strip():
                skip += 1
            skip += _header_block_at(lines, skip) if skip < len(lines) else 0
            forward_body = [ln for ln in lines[skip:] if not ln.lstrip().startswith(">")]
            break
        if is_reply_bar or header or _joined_wrote(lines, index):
            had_quote = True
            break
        if line.lstrip().startswith(">"):
            had_quote = True
        else:
            new.append(line)
        index += 1
    new, signature = _cut_signature(new)
    body = "\n".join(new).strip()
    if forward_body is not None:
        forwarded_lines, _ = _cut_signature(forward_body)
        forwarded_text = "\n".join(forwarded_lines).strip()
        body = f"{body}\n\n{forwarded_text}".strip() if forwarded_text else body
        return StrippedText(re.sub(r"\n{3,}", "\n\n", body), had_quote, signature, True)
    return StrippedText(re.sub(r"\n{3,}", "\n\n", body), had_quote, signature, forwarded)
