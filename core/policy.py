"""The operator's policy file: time limits, routing, group threshold, delivery retries.

Loaded and validated once at start-up; a bad file stops the process with a message naming the
field, so a typo can never silently fall back to a default deadline.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.domain.labels import Category, Channel, RiskColour
from core.errors import PolicyError

DEFAULT_POLICY_FILE = Path(__file__).with_name("policy_default.yaml")

EscalationLevel = Literal["department_head", "deputy_manager", "top_management"]
_BREACH_ESCALATION: dict[RiskColour, EscalationLevel] = {
    RiskColour.BLUE: "department_head",
    RiskColour.YELLOW: "deputy_manager",
    RiskColour.ORANGE: "top_management",
    RiskColour.RED: "top_management",
}
_COLOUR_REPORT: dict[RiskColour, EscalationLevel] = {
    RiskColour.YELLOW: "department_head",
    RiskColour.ORANGE: "deputy_manager",
    RiskColour.RED: "top_management",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SlaPolicy(_Strict):
    record_minutes: int = Field(gt=0)
    text_to_ticket_hours: float = Field(gt=0)
    dispatch_hours: float = Field(gt=0)
    department_response_minutes: int = Field(gt=0)
    resolve_vip_hours: float = Field(gt=0)
    resolve_normal_hours: float = Field(gt=0)
    complex_preliminary_hours: float = Field(gt=0)
    complex_resolve_working_days: int = Field(gt=0)
    tell_result_hours: float = Field(gt=0)
    dissatisfied_recontact_hours: float = Field(gt=0)
    revisit_min_working_days: int = Field(gt=0)
    revisit_max_working_days: int = Field(gt=0)
    appeal_preprocess_hours: float = Field(gt=0)
    appeal_close_working_days: int = Field(gt=0)
    supervision_reply_working_days: int = Field(gt=0)
    urge_before_fraction: float = Field(gt=0, lt=1)

    @model_validator(mode="after")
    def _revisit_window(self) -> SlaPolicy:
        if self.revisit_min_working_days > self.revisit_max_working_days:
            raise ValueError("revisit_min_working_days is after revisit_max_working_days")
        return self


class GroupPolicy(_Strict):
    threshold: int = Field(ge=2)
    window_hours: float = Field(gt=0)


class DepartmentName(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    # traditional-script name for zh-Hant replies; the simplified one is used when absent
    zh_hant: str | None = Field(default=None, min_length=1)

    def for_language(self, language: str) -> str:
        """The name a customer reads in `language` (zh-Hans, zh-Hant or en)."""
        if language == "en":
            return self.en
        return (self.zh_hant or self.zh) if language == "zh-Hant" else self.zh


class OutboxPolicy(_Strict):
    max_attempts: int = Field(ge=1)
    backoff_base_seconds: float = Field(gt=0)
    backoff_max_seconds: float = Field(gt=0)
    lease_seconds: float = Field(gt=0)


class WorkflowPolicy(_Strict):
    """Escalation, revisit and result-delivery rules of the work-order process (issue 7)."""

    # who hears of a breach, by the ticket's risk colour (policy §5: the next level up)
    breach_escalation: dict[RiskColour, EscalationLevel] = Field(default_factory=lambda: dict(_BREACH_ESCALATION))
    # who is told when a ticket turns this colour (policy §3)
    colour_report: dict[RiskColour, EscalationLevel] = Field(default_factory=lambda: dict(_COLOUR_REPORT))
    # local time of day the revisit survey goes out on its first allowed working day
    revisit_send_time: time = time(10, 0)
    # the expected time the automatic "we will be late" notice promises, after the missed limit
    delay_extension_hours: float = Field(default=24, gt=0)
    # the supervisor board lists open orders due within this many hours as near breach
    board_near_hours: float = Field(default=2, gt=0)
    # survey scores at or below this reopen handling (policy §7)
    dissatisfied_max_score: int = Field(default=2, ge=1, le=4)
    # channels tried, in order, after the preferred one and the one complained on (policy §7)
    result_fallback: list[Channel] = Field(
        default_factory=lambda: [Channel.SMS, Channel.EMAIL, Channel.TELEGRAM, Channel.WEB]
    )

    @model_validator(mode="after")
    def _every_colour_escalates(self) -> WorkflowPolicy:
        missing = [c.value for c in RiskColour if c not in self.breach_escalation]
        if missing:
            raise ValueError(f"breach_escalation lacks {', '.join(missing)}")
        return self


class Limits(_Strict):
    max_text_chars: int = Field(gt=0)


class Policy(_Strict):
    """A validated policy file."""

    timezone: str
    sla: SlaPolicy
    groups: GroupPolicy
    departments: dict[str, DepartmentName]
    routing: dict[Category, str]
    default_department: str
    outbox: OutboxPolicy
    limits: Limits
    # optional so operators' policy files from before issue 7 still load
    workflow: WorkflowPolicy = Field(default_factory=WorkflowPolicy)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _departments_exist(self) -> Policy:
        for category, code in self.routing.items():
            if code not in self.departments:
                raise ValueError(f"routing.{category.value} names unknown department {code!r}")
        if self.default_department not in self.departments:
            raise ValueError(f"default_department names unknown department {self.default_department!r}")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def department_for(self, category: Category | None) -> str:
        """The department code a complaint of this category is dispatched to."""
        if category is None:
            return self.default_department
        return self.routing.get(category, self.default_department)


def load_policy(path: Path | str | None = None) -> Policy:
    """Read and validate a policy file (the packaged default when `path` is None)."""
    source = Path(path) if path else DEFAULT_POLICY_FILE
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError(f"policy file {source}: cannot be read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy file {source}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PolicyError(f"policy file {source}: expected a mapping at the top level")
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"field {'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors()
        )
        raise PolicyError(f"policy file {source}: {problems}") from exc
