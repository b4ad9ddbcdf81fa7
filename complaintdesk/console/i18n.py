"""The console's words in Chinese (the operators' own terms, policy.md) and English."""

from __future__ import annotations

LANGUAGES = ("zh-Hans", "en")

_WORDS: dict[str, tuple[str, str]] = {
    # key: (zh-Hans, en)
    "console": ("投诉受理台", "Complaint console"),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "email": ("邮箱", "E-mail"),
    "password": ("密码", "Password"),
    "login_failed": ("邮箱或密码不正确。", "Wrong e-mail or password."),
    "conversations": ("会话", "Conversations"),
    "tickets": ("工单", "Tickets"),
    "board": ("督办看板", "Supervisor board"),
    "board_note": ("即将超时与已超时的工单，最紧急的在前。", "Orders near or past a deadline, most urgent first."),
    "step": ("环节", "Step"),
    "due": ("时限", "Due"),
    "board_state": ("状态", "State"),
    "breached": ("已超时", "Breached"),
    "near_breach": ("即将超时", "Near breach"),
    "intake": ("录入投诉", "Record a complaint"),
    "knowledge": ("知识库", "Knowledge base"),
    "state": ("状态", "State"),
    "state_bot": ("智能客服", "Bot"),
    "state_waiting_for_agent": ("等待人工", "Waiting for agent"),
    "state_agent": ("人工处理中", "With agent"),
    "state_closed": ("已结束", "Closed"),
    "channel": ("渠道", "Channel"),
    "customer": ("客户", "Customer"),
    "last_message": ("最新消息", "Last message"),
    "updated": ("更新时间", "Updated"),
    "agent": ("坐席", "Agent"),
    "ticket": ("工单", "Ticket"),
    "open": ("打开", "Open"),
    "none": ("无", "none"),
    "waiting_alert": ("有客户正在等待人工服务！", "A customer is waiting for an agent!"),
    "take_over": ("接管", "Take over"),
    "hand_back": ("转回智能客服", "Hand back to bot"),
    "close": ("结束会话", "Close conversation"),
    "reply": ("回复", "Reply"),
    "send": ("发送", "Send"),
    "notes": ("内部备注", "Internal notes"),
    "add_note": ("添加备注", "Add note"),
    "note_hint": ("仅内部可见，不会发给客户", "Staff only, never sent to the customer"),
    "transcript": ("对话记录", "Transcript"),
    "labels": ("NLU 标签", "NLU labels"),
    "correct": ("更正", "Correct"),
    "corrected": ("已更正，已记入训练反馈。", "Corrected; stored as training feedback."),
    "kind": ("类型", "Kind"),
    "category": ("分类", "Category"),
    "business": ("业务", "Business"),
    "status": ("工单状态", "Status"),
    "department": ("部门", "Department"),
    "risk": ("风险等级", "Risk"),
    "severity": ("分级", "Severity"),
    "priority": ("优先级", "Priority"),
    "deadlines": ("时限", "Time limits"),
    "summary": ("摘要", "Summary"),
    "events": ("处理记录", "History"),
    "not_permitted": ("您无权查看此工单（其他部门）。", "You may not see this ticket (another department's)."),
    "held_by_other": ("该会话已由其他坐席接管。", "Another agent holds this conversation."),
    "held_by_you": ("您正在处理该会话，智能客服已暂停。", "You hold this conversation; the bot is silent."),
    "intake_title": ("录入电话、营业厅或信函投诉", "Record a phone, walk-in or letter complaint"),
    "intake_channel": ("受理渠道", "Received by"),
    "channel_phone": ("电话", "Phone"),
    "channel_walk_in": ("营业厅", "Walk-in"),
    "channel_letter": ("信函", "Letter"),
    "channel_web": ("在线客服", "Web chat"),
    "channel_telegram": ("Telegram", "Telegram"),
    "channel_email": ("邮件", "E-mail"),
    "channel_sms": ("短信", "SMS"),
    "channel_api": ("接口", "API"),
    "name": ("客户姓名", "Customer name"),
    "phone": ("联系电话", "Contact phone"),
    "contact_email": ("联系邮箱", "Contact e-mail"),
    "complaint_text": ("投诉内容", "What happened"),
    "intake_need_contact": ("请填写联系电话或邮箱。", "Give a phone number or an e-mail address."),
    "received_at": ("受理时间", "Received at"),
    "received_hint": ("留空即为现在；信函请填收到的时间", "leave empty for now; for a letter, when it arrived"),
    "intake_bad_time": ("受理时间不能晚于现在，也不能早于31天前。", "The time received cannot be in the future or over 31 days ago."),
    "intake_done": ("已受理，工单号", "Recorded as ticket"),
    "intake_not_complaint": ("已记录（未判定为投诉，未生成工单）。", "Recorded (not classified as a complaint; no ticket)."),
    "title": ("标题", "Title"),
    "body": ("内容", "Text"),
    "keywords": ("关键词（逗号分隔）", "Keywords (comma-separated)"),
    "language": ("语言", "Language"),
    "published": ("已发布", "Published"),
    "new_article": ("新建条目", "New article"),
    "edit": ("编辑", "Edit"),
    "save": ("保存", "Save"),
    "saved": ("已保存。", "Saved."),
    "forbidden": ("您的角色无权执行此操作。", "Your role may not do this."),
    "role": ("角色", "Role"),
    "role_agent": ("坐席", "Agent"),
    "role_senior_agent": ("高级坐席", "Senior agent"),
    "role_department_staff": ("部门人员", "Department staff"),
    "role_supervisor": ("主管", "Supervisor"),
    "role_quality_inspector": ("质检员", "Quality inspector"),
    "role_admin": ("管理员", "Administrator"),
    "live": ("实时", "live"),
    "offline": ("连接中断，正在重连…", "Connection lost, reconnecting…"),
    "empty": ("暂无", "Nothing here"),
    "author_customer": ("客户", "Customer"),
    "author_bot": ("智能客服", "Bot"),
    "author_system": ("系统", "System"),
    "author_staff": ("坐席", "Agent"),
    "back": ("返回", "Back"),
    "masked_note": ("列表中的号码已脱敏。", "Numbers are masked in lists."),
}


def translate(key: str, language: str) -> str:
    """The word for `key` in `language`; the key itself if missing, so a gap shows, never crashes."""
    pair = _WORDS.get(key)
    if pair is None:
        return key
    return pair[1] if language == "en" else pair[0]


def pick_language(cookie: str | None, accept_language: str | None) -> str:
    """The UI language: the user's choice (cookie), else the browser's first preference."""
    if cookie in LANGUAGES:
        return cookie
    first = (accept_language or "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "zh-Hans"
