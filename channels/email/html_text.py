"""HTML mail bodies to plain text, marking quoted history so it can be stripped like `>` lines."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "ul",
        "ol",
        "pre",
        "hr",
        "section",
        "article",
        "header",
        "footer",
        "center",
    ]
)
_SKIP = frozenset({"script", "style", "head", "title", "xml", "o:p"})
# containers that mail clients wrap around the quoted earlier message
_QUOTE_IDS = frozenset({"divrplyfwdmsg", "appendonsend", "isforwardcontent", "origbody"})
_QUOTE_CLASSES = frozenset({"gmail_quote", "yahoo_quoted", "moz-cite-prefix"})
QUOTE_PREFIX = "> "


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        # stack of open elements, each with whether it opened a quoted region
        self._stack: list[tuple[str, bool]] = []
        self._quote_depth = 0

    def _newline(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _SKIP:
            self._skip_depth += 1
            return
        if tag in _BLOCK:
            self._newline()
        if tag in ("br", "hr", "img", "meta", "link", "input"):
            return
        attributes = {k.lower(): (v or "").lower() for k, v in attrs}
        quoting = (
            tag == "blockquote"
            or attributes.get("id", "") in _QUOTE_IDS
            or bool(_QUOTE_CLASSES.intersection(attributes.get("class", "").split()))
        )
        if quoting:
            self._quote_depth += 1
            self._newline()
        self._stack.append((tag, quoting))

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK:
            self._newline()
        # pop to the matching element; sloppy HTML closes several at once
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                for _, quoting in self._stack[index:]:
                    if quoting:
                        self._quote_depth -= 1
                        self._newline()
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        text = re.sub(r"[ \t\r\n\f]+", " ", data)
        if not text.strip() and (not self.parts or self.parts[-1].endswith("\n")):
            return
        if self._quote_depth:
            self.parts.append("\x00Q" + text)  # marker resolved per line in `html_to_text`
        else:
            self.parts.append(text)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body; quoted parts come out as `> ` lines."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        # html.parser gives up on some broken markup; strip tags crudely rather than lose the text
        return html.unescape(re.sub(r"<[^>]+>", " ", markup))
    lines = []
    for line in "".join(parser.parts).split("\n"):
        quoted = "\x00Q" in line
        line = line.replace("\x00Q", "").replace("\u00a0", " ").strip()
        if not line:
            lines.append("")
            continue
        lines.append(QUOTE_PREFIX + line if quoted else line)
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
