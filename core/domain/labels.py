"""The closed vocabularies of the product: taxonomy labels, states, roles.

Machine names follow ../shared/taxonomy.md and ../shared/policy.md exactly; they are stored as
strings in the database, so renaming one is a data migration.
"""

from enum import StrEnum


class Kind(StrEnum):
    """What a message is (taxonomy §1)."""

    COMPLAINT = "complaint"
    INQUIRY = "inquiry"
    SUGGESTION = "suggestion"
    PRAISE = "praise"
    OTHER = "other"


class Category(StrEnum):
    """The nature of a complaint (taxonomy §2); only meaningful when kind is complaint."""

    BILLING = "billing"
    UNAUTHORIZED_SERVICE = "unauthorized_service"
    NETWORK_QUALITY = "network_quality"
    FAULT_REPAIR = "fault_repair"
    INSTALLATION = "installation"
    SERVICE_ATTITUDE = "service_attitude"
    HANDLING_ERROR = "handling_error"
    PRODUCT_QUALITY = "product_quality"
    SUSPENSION = "suspension"
    HARASSMENT_PRIVACY = "harassment_privacy"
    OTHER = "other"


class Business(StrEnum):
    """The line of business concerned (taxonomy §3)."""

    MOBILE = "mobile"
    BROADBAND = "broadband"
    FIXED_LINE = "fixed_line"
    TV = "tv"
    VALUE_ADDED = "value_added"
    UNKNOWN = "unknown"


class EntityType(StrEnum):
    """Details extracted from a message (taxonomy §4)."""

    PHONE = "phone"
    ACCOUNT = "account"
    AMOUNT = "amount"
    DATETIME = "datetime"
    LOCATION = "location"
    ORDER_ID = "order_id"
    REMEDY = "remedy"


class Language(StrEnum):
    """Languages the desk speaks; `mixed` is a detection result, never a reply language."""

    ZH_HANS = "zh-Hans"
    ZH_HANT = "zh-Hant"
    EN = "en"
    MIXED = "mixed"


class Channel(StrEnum):
    """Where a message came from or goes to."""

    API = "api"
    WEB = "web"
    TELEGRAM = "telegram"
    EMAIL = "email"
    SMS = "sms"
    # typed into the console by the agent who received it (policy §1: 文本录入)
    PHONE = "phone"
    WALK_IN = "walk_in"
    LETTER = "letter"
    IMPORT = "import"


class IdentityKind(StrEnum):
    """Ways we recognise a customer; each (kind, value) belongs to one customer."""

    PHONE = "phone"
    EMAIL = "email"
    TELEGRAM = "telegram"
    WEB = "web"
    API = "api"


class ConversationState(StrEnum):
    """Who holds a conversation (policy §2, issue 6 handoff)."""

    BOT = "bot"
    WAITING_FOR_AGENT = "waiting_for_agent"
    AGENT = "agent"
    CLOSED = "closed"


class Direction(StrEnum):
    INBOUND = "in"
    OUTBOUND = "out"


class DeliveryStatus(StrEnum):
    """Life of an outbound message; `failed` and `delivered` are final."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"


class TicketStatus(StrEnum):
    """Work-order states (policy §4)."""

    NEW = "new"  # 受理: registered, not yet dispatched
    DISPATCHED = "dispatched"  # 派单
    IN_PROGRESS = "in_progress"  # department accepted
    RETURNED = "returned"  # 退单: back at the desk for re-dispatch
    REPLIED = "replied"  # 回单: department reported cause and result
    REVIEWED = "reviewed"  # 审核 by a senior agent
    CLOSED = "closed"  # 结单
    REOPENED = "reopened"  # customer unhappy: second dispatch pending
    RECORDED = "recorded"  # suggestions and praise: recorded, not dispatched
    INVALID = "invalid"  # 无效投诉: recorded, not dispatched


OPEN_TICKET_STATUSES = frozenset(
    {
        TicketStatus.NEW,
        TicketStatus.DISPATCHED,
        TicketStatus.IN_PROGRESS,
        TicketStatus.RETURNED,
        TicketStatus.REPLIED,
        TicketStatus.REVIEWED,
        TicketStatus.REOPENED,
    }
)


class Severity(StrEnum):
    """分级处理 (policy §3)."""

    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"


class RiskColour(StrEnum):
    """红黄蓝 risk grading (policy §3), in rising order."""

    BLUE = "blue"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"


class Priority(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"  # 加急


class Tier(StrEnum):
    NORMAL = "normal"
    VIP = "vip"


class Role(StrEnum):
    """Staff roles (policy §9, issue 6)."""

    AGENT = "agent"
    SENIOR_AGENT = "senior_agent"
    DEPARTMENT_STAFF = "department_staff"
    SUPERVISOR = "supervisor"
    QUALITY_INSPECTOR = "quality_inspector"
    ADMIN = "admin"
