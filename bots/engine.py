"""The complaint bot: a pure function from (state, message, NLU result, what the desk knows) to a Turn.

No I/O, no database: the inbound pipeline keeps `Turn.state` in `Conversation.bot_state` and
carries out `Turn.action`. Wording and questions live in `bots/flows/*.yaml`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bots.definitions import FlowBook, Question, load_flows
from bots.slots import DESCRIPTION_MAX_CHARS, bare, clip, fill_from_entities, letters, phone_in_answer
from bots.summary import complaint_summary
from core.domain.bot import BotKnown, BotTurn
from core.domain.labels import Kind, Language
from core.domain.messages import NluResult

STATE_VERSION = 1
MAX_MISSES = 2  # misunderstandings in a row before a person takes over (issue 6)
CONFIRM = "confirm"
CLARIFY = "clarify"
CORRECT = "correct"
# a half-finished complaint left this long is dropped: the next message is a new story, not an answer
STALE_AFTER = timedelta(hours=24)


# the port's types, under the names the flows and tests use
Known = BotKnown
Turn = BotTurn


def _fresh_state() -> dict[str, Any]:
    return {"v": STATE_VERSION, "flow": None, "pending": None, "slots": {}, "misses": 0,
            "greeted": False, "clarified": False, "category": None, "business": None, "at": None}


def _load_state(state: dict[str, Any] | None, now: datetime) -> dict[str, Any]:
    # an unknown or older shape (or a hand-edited row) starts over rather than crash the pipeline
    if not isinstance(state, dict) or state.get("v") != STATE_VERSION:
        return _fresh_state()
    fresh = _fresh_state()
    fresh.update({k: v for k, v in state.items() if k in fresh})
    try:
        slots = {str(k): str(v) for k, v in dict(fresh["slots"] or {}).items()}
        last = datetime.fromisoformat(fresh["at"]) if fresh["at"] else None
        stale = last is not None and now - last > STALE_AFTER
    except (TypeError, ValueError):
        return _fresh_state()
    if stale:
        return {**_fresh_state(), "greeted": True}
    fresh["slots"] = slots
    return fresh


class Bot:
    """The complaint bot driven by the flow files in `flows_dir` (default: `bots/flows`)."""

    def __init__(self, flows_dir: Path | None = None) -> None:
        self.book: FlowBook = load_flows(flows_dir)
        self._entity_slots = {q.entity: q.slot for q in self.book.questions if q.entity}

    # -- entry point ---------------------------------------------------------------------------
    def respond(self, state: dict[str, Any], text: str, nlu: NluResult, *, known: Known, now: datetime) -> Turn:
        """The bot's turn for one customer message; pure: the same inputs give the same Turn."""
        turn = self._respond(_load_state(state, now), text or "", nlu, known)
        turn.state["at"] = now.isoformat()
        return turn

    def _respond(self, st: dict[str, Any], text: str, nlu: NluResult, known: Known) -> Turn:
        lang = self._language(known, nlu)
        if not letters(text):
            # an empty message (a sticker, an attachment alone) repeats where we are, no penalty
            return self._repeat(st, lang, known)
        if self._wants_agent(text, nlu, lang):
            return self._handoff(st, lang)
        if self._is_status_query(text) and st["pending"] not in {CONFIRM, CORRECT}:
            return self._status(st, lang, known)
        if st["flow"] == "complaint" and st["pending"]:
            return self._continue_complaint(st, text, nlu, lang, known)
        if known.open_ticket_number and nlu.kind not in {Kind.INQUIRY, Kind.SUGGESTION, Kind.PRAISE}:
            # more about the ticket this conversation opened ("还有，昨天又断了"): it joins that ticket,
            # whose acknowledgement the pipeline sends; a second dialogue would open a duplicate
            st["misses"] = 0
            return Turn([], st, "follow_up", dict(st["slots"]))
        return self._new_message(st, text, nlu, lang, known)

    # -- dispatch on what a fresh message is ---------------------------------------------------
    def _new_message(self, st: dict[str, Any], text: str, nlu: NluResult, lang: Language, known: Known) -> Turn:
        book = self.book
        if nlu.kind is Kind.COMPLAINT:
            return self._start_complaint(st, text, nlu, lang, known)
        if nlu.kind is Kind.INQUIRY:
            st["misses"] = 0
            if known.kb_answer:
                reply = book.prompt("kb_answer", lang, answer=known.kb_answer)
            else:
                reply = book.prompt("kb_unknown", lang)
            return Turn([reply], st, None, dict(st["slots"]), [book.button("handoff", lang)])
        if nlu.kind in {Kind.SUGGESTION, Kind.PRAISE}:
            st["misses"] = 0
            name = "thanks_suggestion" if nlu.kind is Kind.SUGGESTION else "thanks_praise"
            return Turn([book.prompt(name, lang)], st, "record", {"summary": clip(text, DESCRIPTION_MAX_CHARS)})
        if not st["greeted"] or self._is_greeting(text):
            st["greeted"] = True
            return Turn([book.prompt("greet", lang)], st, None, dict(st["slots"]))
        return self._miss(st, lang, book.prompt("not_understood", lang))

    # -- the complaint flow --------------------------------------------------------------------
    def _start_complaint(self, st: dict[str, Any], text: str, nlu: NluResult, lang: Language, known: Known) -> Turn:
        st.update(flow="complaint", pending=None, slots={}, misses=0, greeted=True, clarified=False)
        st["category"] = nlu.category.value if nlu.category else None
        st["business"] = nlu.business.value
        st["slots"]["description"] = clip(text, DESCRIPTION_MAX_CHARS)
        fill_from_entities(st["slots"], nlu.entities, self._entity_slots)
        vague_prompt = self._vague_prompt(text, lang)
        if vague_prompt:
            st["pending"] = CLARIFY
            st["clarified"] = True
            return Turn([self.book.prompt(vague_prompt, lang)], st, None, dict(st["slots"]), started_complaint=True)
        turn = self._ask_next(st, lang, known)
        turn.started_complaint = True
        return turn

    def _continue_complaint(self, st: dict[str, Any], text: str, nlu: NluResult, lang: Language, known: Known) -> Turn:
        pending = st["pending"]
        if pending == CONFIRM:
            return self._confirm_answer(st, text, nlu, lang, known)
        slots = st["slots"]
        if pending in {CLARIFY, CORRECT}:
            # details added to the story; entities in them may fill (or, when correcting, replace) slots
            if pending == CORRECT:
                for entity in nlu.entities:
                    slot = self._entity_slots.get(entity.type.value)
                    if slot:
                        slots.pop(slot, None)
            slots["description"] = clip(f"{slots.get('description', '')} {text}", DESCRIPTION_MAX_CHARS)
            fill_from_entities(slots, nlu.entities, self._entity_slots)
            if pending == CLARIFY and st["category"] is None and nlu.kind is Kind.COMPLAINT and nlu.category:
                st["category"] = nlu.category.value
            st["misses"] = 0
            st["pending"] = None
            return self._ask_next(st, lang, known)
        question = self._question(pending)
        fill_from_entities(slots, nlu.entities, self._entity_slots)
        if question is not None and not slots.get(question.slot):
            answer = self._read_answer(question, text)
            if answer is None:
                retry = question.retry_prompt or question.prompt
                return self._miss(st, lang, self.book.prompt(retry, lang))
            slots[question.slot] = answer
        st["misses"] = 0
        st["pending"] = None
        return self._ask_next(st, lang, known)

    def _ask_next(self, st: dict[str, Any], lang: Language, known: Known) -> Turn:
        question = self._next_question(st, known)
        if question is not None:
            st["pending"] = question.slot
            return Turn([self.book.prompt(question.prompt, lang)], st, None, dict(st["slots"]))
        if known.short_form:
            return self._submit(st, lang)
        st["pending"] = CONFIRM
        summary = complaint_summary(self.book, st["slots"], lang)
        return Turn([self.book.prompt("confirm", lang, summary=summary)], st, None,
                    {**st["slots"], "summary": summary}, self._confirm_buttons(lang))

    def _submit(self, st: dict[str, Any], lang: Language) -> Turn:
        slots = {**st["slots"], "summary": complaint_summary(self.book, st["slots"], lang)}
        done = _fresh_state()
        done["greeted"] = True
        done["category"], done["business"] = st["category"], st["business"]
        return Turn([self.book.prompt("submitted", lang)], done, "open_ticket", slots)

    def _confirm_answer(self, st: dict[str, Any], text: str, nlu: NluResult, lang: Language, known: Known) -> Turn:
        answer = bare(text)
        # "不对，地址是朝阳门" and "yes please": the first word decides, the rest may be a correction
        first, _, rest = answer.partition(" ")
        # a Chinese "no" may run straight into the correction ("不对地址是朝阳门"); a "yes" may not,
        # as 好 and 对 also start sentences that disagree ("好像不对")
        said_no = next((w for w in sorted(self.book.no_words, key=len, reverse=True)
                        if answer == w or first == w or (not w.isascii() and answer.startswith(w))), None)
        if said_no is None and first in self.book.yes_words:
            return self._submit(st, lang)
        if said_no is not None:
            st["pending"] = CORRECT
            st["misses"] = 0
            if letters(answer[len(said_no):] if answer.startswith(said_no) else rest):
                return self._continue_complaint(st, text, nlu, lang, known)
            return Turn([self.book.prompt("ask_correction", lang)], st, None, dict(st["slots"]))
        return self._miss(st, lang, self.book.prompt("confirm_again", lang), self._confirm_buttons(lang))

    def _next_question(self, st: dict[str, Any], known: Known) -> Question | None:
        for question in self.book.questions:
            if st["slots"].get(question.slot):
                continue
            if question.skip_when_known and getattr(known, question.skip_when_known, False):
                continue
            if known.short_form and not question.short_form:
                continue
            if question.categories is not None and st["category"] not in question.categories:
                continue
            return question
        return None

    def _question(self, slot: str) -> Question | None:
        return next((q for q in self.book.questions if q.slot == slot), None)

    def _read_answer(self, question: Question, text: str) -> str | None:
        if question.answer == "phone":
            return phone_in_answer(text)
        return clip(text)

    # -- other outcomes ------------------------------------------------------------------------
    def _handoff(self, st: dict[str, Any], lang: Language) -> Turn:
        slots = dict(st["slots"])
        if slots:
            slots["summary"] = complaint_summary(self.book, slots, lang)
        done = _fresh_state()
        done["greeted"] = True
        return Turn([self.book.prompt("handoff", lang)], done, "handoff", slots)

    def _status(self, st: dict[str, Any], lang: Language, known: Known) -> Turn:
        st["misses"] = 0
        if known.status_text:
            reply = self.book.prompt("status", lang, status=known.status_text)
        else:
            reply = self.book.prompt("status_unknown", lang)
        return Turn([reply], st, "status_query", dict(st["slots"]))

    def _miss(self, st: dict[str, Any], lang: Language, reply: str, buttons: list[str] | None = None) -> Turn:
        st["misses"] = int(st["misses"]) + 1
        if st["misses"] >= MAX_MISSES:
            return self._handoff(st, lang)
        return Turn([reply], st, None, dict(st["slots"]), buttons or [self.book.button("handoff", lang)])

    def _repeat(self, st: dict[str, Any], lang: Language, known: Known) -> Turn:
        pending = st["pending"]
        if st["flow"] == "complaint" and pending == CONFIRM:
            summary = complaint_summary(self.book, st["slots"], lang)
            return Turn([self.book.prompt("confirm", lang, summary=summary)], st, None,
                        {**st["slots"], "summary": summary}, self._confirm_buttons(lang))
        if st["flow"] == "complaint" and pending:
            question = self._question(pending)
            name = question.prompt if question else ("ask_correction" if pending == CORRECT else "clarify_general")
            return Turn([self.book.prompt(name, lang)], st, None, dict(st["slots"]))
        st["greeted"] = True
        return Turn([self.book.prompt("greet", lang)], st, None, dict(st["slots"]))

    # -- reading the message -------------------------------------------------------------------
    def _language(self, known: Known, nlu: NluResult) -> Language:
        # the desk's language for the conversation wins: a bare "是" reads as zh-Hans to any detector
        for lang in (known.language, nlu.language):
            if lang is not Language.MIXED:
                return lang
        return Language.ZH_HANS

    def _wants_agent(self, text: str, nlu: NluResult, lang: Language) -> bool:
        folded = text.casefold()
        if any(word in folded for word in self.book.handoff_words):
            return True
        bare_letters = letters(text)
        if len(bare_letters) > self.book.short_max_chars.get(lang.value, 8):
            return False
        if any(bare_letters == letters(word) for word in self.book.handoff_short_words):
            return True
        # "rude agent" and "客服态度差" are short complaints about a person, not requests for one
        return nlu.kind is not Kind.COMPLAINT and any(word in folded for word in self.book.handoff_short_words)

    def _is_status_query(self, text: str) -> bool:
        folded = text.casefold()
        return bool(self.book.ticket_pattern.search(text)) or any(w in folded for w in self.book.status_words)

    def _is_greeting(self, text: str) -> bool:
        return bare(text) in self.book.greeting_words

    def _vague_prompt(self, text: str, lang: Language) -> str | None:
        if len(letters(text)) > self.book.vague_max_chars.get(lang.value, 10):
            return None
        folded = text.casefold()
        for rule in self.book.vague_rules:
            if any(word in folded for word in rule.words):
                return rule.prompt
        return None

    def _confirm_buttons(self, lang: Language) -> list[str]:
        return [self.book.button("confirm_yes", lang), self.book.button("confirm_no", lang)]
