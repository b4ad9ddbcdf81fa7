"""Every customer-facing template, filled with realistic values, fits the default SMS budget."""

from __future__ import annotations

import string

import pytest
import yaml

from channels.sms.segments import count_segments
from channels.sms.settings import TwilioSettings
from core.domain.labels import Language
from core.templates import REPLY_LANGUAGES, TEMPLATES_FILE, render

pytestmark = pytest.mark.unit

# the longest realistic values of each placeholder, per language
VALUES = {
    Language.ZH_HANS: {
        "department": "市场部（营销与计费）",
        "deadline": "2026年12月31日 23:59",
        "status": "重新处理中",
    },
    Language.ZH_HANT: {
        "department": "市場部（營銷與計費）",
        "deadline": "2026年12月31日 23:59",
        "status": "重新處理中",
    },
    Language.EN: {
        "department": "marketing and billing",
        "deadline": "31 Dec 2026 23:59",
        "status": "answered by the department",
    },
}
COMMON = {"number": "TS20261231000123", "hours": 360}
# free-text placeholders (a result, a cause, file names) vary without bound; the budget is about
# the template's own words, so they get a short realistic sample
FREE_TEXT = {Language.ZH_HANS: "已为您退还多收的58元", Language.ZH_HANT: "已為您退還多收的58元",
             Language.EN: "we refunded the 58 yuan"}

TEMPLATES = yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_template_fits_the_default_segment_budget(name: str, language: Language) -> None:
    fields = {f for _, f, _, _ in string.Formatter().parse(TEMPLATES[name][language.value]) if f}
    values = {**COMMON, **VALUES[language]}
    text = render(name, language, **{k: values.get(k, FREE_TEXT[language]) for k in fields})
    budget = TwilioSettings.model_fields["sms_max_segments"].default
    assert count_segments(text).segments <= budget, f"{name}/{language.value} costs more than {budget} SMS"
