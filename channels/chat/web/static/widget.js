/* complaintdesk chat widget: embed with one tag, no build step.
 *   <script src="https://desk.example.com/widget/widget.js" data-lang="zh-Hans" defer></script>
 * Attributes: data-lang (zh-Hans, zh-Hant, en; default from the browser), data-open ("true" opens it).
 * Every text is put on the page with textContent: nothing a customer or agent writes becomes HTML.
 */
(function () {
  "use strict";
  if (window.__complaintdeskWidget) { return; }
  window.__complaintdeskWidget = true;

  var script = document.currentScript;
  var src = new URL(script ? script.src : "/widget/widget.js", location.href);
  var SOCKET = (src.protocol === "https:" ? "wss://" : "ws://") + src.host + "/widget/ws";
  var STORE = "complaintdesk.widget." + src.host + ".";

  var TEXT = {
    "zh-Hans": {
      open: "在线客服", title: "在线客服", placeholder: "请描述您遇到的问题…", send: "发送",
      agent: "转人工", ticket: "工单号", typing: "正在输入…", connecting: "正在连接…",
      reconnecting: "连接中断，正在重连…", throttled: "发送太快了，请稍候，消息将自动重发。",
      waiting: "正在为您转接人工客服，请稍候。", agentJoined: "人工客服已接入。", botBack: "已转回智能客服。",
      tooLong: "消息太长，请分几条发送。", failed: "消息未能发送：", you: "我", bot: "客服助手", staff: "人工客服",
      close: "关闭", pending: "发送中", closed: "会话已结束，感谢您的耐心。"
    },
    "zh-Hant": {
      open: "線上客服", title: "線上客服", placeholder: "請描述您遇到的問題…", send: "傳送",
      agent: "轉人工", ticket: "工單號", typing: "正在輸入…", connecting: "正在連線…",
      reconnecting: "連線中斷，正在重新連線…", throttled: "傳送太快了，請稍候，訊息將自動重發。",
      waiting: "正在為您轉接人工客服，請稍候。", agentJoined: "人工客服已接入。", botBack: "已轉回智能客服。",
      tooLong: "訊息太長，請分幾則傳送。", failed: "訊息未能傳送：", you: "我", bot: "客服助手", staff: "人工客服",
      close: "關閉", pending: "傳送中", closed: "會話已結束，感謝您的耐心。"
    },
    en: {
      open: "Chat with us", title: "Customer care", placeholder: "Tell us what went wrong…", send: "Send",
      agent: "Talk to a person", ticket: "Ticket", typing: "typing…", connecting: "Connecting…",
      reconnecting: "Connection lost, reconnecting…", throttled: "You are sending too fast; we will resend in a moment.",
      waiting: "Connecting you to an agent, please wait.", agentJoined: "An agent has joined.", botBack: "You are back with our assistant.",
      tooLong: "That message is too long; please split it.", failed: "Not sent: ", you: "You", bot: "Assistant", staff: "Agent",
      close: "Close", pending: "sending", closed: "This conversation has ended. Thank you for your patience."
    }
  };

  function pickLanguage() {
    var wanted = script && script.getAttribute("data-lang");
    if (wanted && TEXT[wanted]) { return wanted; }
    var nav = (navigator.language || "zh-CN").toLowerCase();
    if (nav.indexOf("zh") !== 0) { return "en"; }
    return /tw|hk|mo|hant/.test(nav) ? "zh-Hant" : "zh-Hans";
  }
  var lang = pickLanguage();
  var t = TEXT[lang];

  function load(name, fallback) {
    try { var v = localStorage.getItem(STORE + name); return v === null ? fallback : JSON.parse(v); }
    catch (e) { return fallback; }
  }
  function save(name, value) {
    try { localStorage.setItem(STORE + name, JSON.stringify(value)); } catch (e) { /* private mode: memory only */ }
  }
  function newId() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var CSS = [
    ":host { all: initial; }",
    "* { box-sizing: border-box; font-family: system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; }",
    ".launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 24px; padding: 12px 18px;",
    "  background: #0b5cad; color: #fff; font-size: 15px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }",
    ".panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: 360px; height: 540px; max-height: calc(100vh - 40px);",
    "  display: none; flex-direction: column; background: #fff; border-radius: 12px; overflow: hidden; box-shadow: 0 8px 30px rgba(0,0,0,.3); }",
    ".panel.open { display: flex; }",
    ".head { background: #0b5cad; color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 8px; }",
    ".head .title { flex: 1; font-weight: 600; font-size: 15px; }",
    ".head button { background: transparent; border: 1px solid rgba(255,255,255,.6); color: #fff; border-radius: 6px; padding: 4px 8px; cursor: pointer; font-size: 13px; }",
    ".ticket { display: none; background: #e6f4ea; color: #135e2b; padding: 8px 14px; font-size: 14px; border-bottom: 1px solid #cde8d5; }",
    ".ticket.shown { display: block; }",
    ".status { display: none; background: #fff4e5; color: #7a4a00; padding: 6px 14px; font-size: 13px; }",
    ".status.shown { display: block; }",
    ".log { flex: 1; overflow-y: auto; padding: 12px; background: #f5f7fa; display: flex; flex-direction: column; gap: 8px; }",
    ".msg { max-width: 85%; padding: 8px 11px; border-radius: 10px; font-size: 14px; line-height: 1.5; white-space: pre-wrap; word-break: break-word; }",
    ".msg .who { display: block; font-size: 11px; opacity: .65; margin-bottom: 2px; }",
    ".msg.customer { align-self: flex-end; background: #0b5cad; color: #fff; }",
    ".msg.bot { align-self: flex-start; background: #fff; border: 1px solid #dde3ea; color: #1f2933; }",
    ".msg.agent { align-self: flex-start; background: #fff8e1; border: 1px solid #f0d58a; color: #1f2933; }",
    ".msg.pending { opacity: .6; }",
    ".msg.failed { background: #fde8e8; color: #8a1c1c; }",
    ".note { align-self: center; font-size: 12px; color: #52606d; text-align: center; }",
    ".quick { display: flex; flex-wrap: wrap; gap: 6px; padding: 0 12px 8px; background: #f5f7fa; }",
    ".quick button { border: 1px solid #0b5cad; background: #fff; color: #0b5cad; border-radius: 14px; padding: 5px 12px; font-size: 13px; cursor: pointer; }",
    ".typing { display: none; padding: 0 14px 6px; font-size: 12px; color: #52606d; background: #f5f7fa; }",
    ".typing.shown { display: block; }",
    "form { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #dde3ea; background: #fff; }",
    "textarea { flex: 1; resize: none; height: 44px; border: 1px solid #cbd2d9; border-radius: 8px; padding: 8px; font-size: 14px; }",
    "form button { border: 0; border-radius: 8px; background: #0b5cad; color: #fff; padding: 0 14px; font-size: 14px; cursor: pointer; }",
    "@media (max-width: 480px) {",
    "  .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; max-height: none; border-radius: 0; }",
    "  .launcher { right: 12px; bottom: 12px; }",
    "}"
  ].join("\n");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var host = el("div");
  host.id = "complaintdesk-widget";
  var root = host.attachShadow({ mode: "open" });
  var style = el("style"); style.textContent = CSS; root.appendChild(style);

  var launcher = el("button", "launcher", t.open); launcher.type = "button";
  var panel = el("div", "panel"); panel.setAttribute("role", "dialog"); panel.setAttribute("aria-label", t.title);
  panel.lang = lang;
  var head = el("div", "head");
  head.appendChild(el("span", "title", t.title));
  var agentBtn = el("button", "ask-agent", t.agent); agentBtn.type = "button";
  var closeBtn = el("button", "close", "×"); closeBtn.type = "button"; closeBtn.setAttribute("aria-label", t.close);
  head.appendChild(agentBtn); head.appendChild(closeBtn);
  var ticketBar = el("div", "ticket"); ticketBar.setAttribute("aria-live", "polite");
  var statusBar = el("div", "status"); statusBar.setAttribute("aria-live", "polite");
  var log = el("div", "log"); log.setAttribute("role", "log"); log.setAttribute("aria-live", "polite");
  var typing = el("div", "typing", t.typing);
  var quick = el("div", "quick");  // the bot's quick answers (是 / 不对, 转人工) under its last message
  var form = el("form");
  var input = el("textarea"); input.placeholder = t.placeholder; input.maxLength = 2000; input.setAttribute("aria-label", t.placeholder);
  var sendBtn = el("button", "send", t.send); sendBtn.type = "submit";
  form.appendChild(input); form.appendChild(sendBtn);
  [head, ticketBar, statusBar, log, quick, typing, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher); root.appendChild(panel);

  var shown = {};          // message keys on screen (server keys and client ids)
  var pending = load("pending", []);  // [{cid, text}] not yet accepted by the server
  var socket = null, attempts = 0, retryTimer = null, resendTimer = null, typingTimer = null;

  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function note(text) { log.appendChild(el("div", "note", text)); scrollDown(); }
  function setStatus(text) { statusBar.textContent = text || ""; statusBar.className = text ? "status shown" : "status"; }
  function setTicket(number) {
    if (!number) { return; }
    ticketBar.textContent = t.ticket + " " + number;
    ticketBar.className = "ticket shown";
    ticketBar.setAttribute("data-number", number);
  }
  function setTyping(on, author) {
    clearTimeout(typingTimer);
    typing.textContent = (author === "agent" ? t.staff : t.bot) + " " + t.typing;
    typing.className = on ? "typing shown" : "typing";
    // an agent's console repeats the signal while typing; a bot reply comes within seconds
    if (on) { typingTimer = setTimeout(function () { setTyping(false); }, author === "agent" ? 6000 : 15000); }
  }

  function bubble(key, author, text, extra) {
    if (shown[key]) { return shown[key]; }
    var node = el("div", "msg " + author + (extra ? " " + extra : ""));
    node.setAttribute("data-key", key);
    node.appendChild(el("span", "who", author === "customer" ? t.you : (author === "agent" ? t.staff : t.bot)));
    node.appendChild(document.createTextNode(text));
    log.appendChild(node);
    shown[key] = node;
    scrollDown();
    return node;
  }

  function showQuick(buttons) {
    while (quick.firstChild) { quick.removeChild(quick.firstChild); }
    (buttons || []).forEach(function (label) {
      var b = el("button", "quick-answer", String(label)); b.type = "button";
      b.addEventListener("click", function () { say(String(label)); });
      quick.appendChild(b);
    });
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }
  function flushPending() { pending.forEach(function (p) { send({ type: "message", cid: p.cid, text: p.text }); }); }

  function onState(state) {
    if (state === "waiting_for_agent") { note(t.waiting); }
    else if (state === "agent") { note(t.agentJoined); }
    else if (state === "bot") { note(t.botBack); }
    else if (state === "closed") { note(t.closed); }
  }

  var handlers = {
    welcome: function (f) {
      save("token", f.token);
      attempts = 0;
      setStatus("");
      (f.messages || []).forEach(function (m) {
        var key = m.direction === "in" ? String(m.key).split(":").pop() : m.key;
        var node = bubble(key, m.author, m.text);
        node.classList.remove("pending");
        if (m.direction === "out") { send({ type: "ack", key: m.key }); }
      });
      setTicket(f.ticket_number);
      flushPending();
    },
    accepted: function (f) {
      pending = pending.filter(function (p) { return p.cid !== f.cid; });
      save("pending", pending);
      var node = bubble(f.cid, "customer", f.text);
      node.classList.remove("pending");
      setTicket(f.ticket_number);
    },
    message: function (f) {
      setTyping(false);
      bubble(f.key, f.author, f.text);
      showQuick(f.buttons);
      setTicket(f.ticket_number);
      send({ type: "ack", key: f.key });
    },
    typing: function (f) { setTyping(!!f.on, f.author); },
    ticket: function (f) { setTicket(f.number); },
    state: function (f) { onState(f.state); },
    throttled: function (f) {
      setStatus(t.throttled);
      clearTimeout(resendTimer);
      resendTimer = setTimeout(function () { setStatus(""); flushPending(); }, Math.max(1, f.retry_after) * 1000);
    },
    error: function (f) {
      if (!f.cid) { return; }
      pending = pending.filter(function (p) { return p.cid !== f.cid; });
      save("pending", pending);
      var node = shown[f.cid];
      if (node) { node.classList.remove("pending"); node.classList.add("failed"); }
      note(f.reason === "too_long" ? t.tooLong : t.failed + (f.detail || f.reason));
    }
  };

  function connect() {
    clearTimeout(retryTimer);
    setStatus(attempts ? t.reconnecting : "");
    var ws;
    try { ws = new WebSocket(SOCKET); } catch (e) { scheduleReconnect(); return; }
    socket = ws;
    ws.onopen = function () { ws.send(JSON.stringify({ type: "hello", token: load("token", null) })); };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      var handler = handlers[frame.type];
      if (handler) { handler(frame); }
    };
    ws.onclose = function () { if (socket === ws) { socket = null; scheduleReconnect(); } };
    ws.onerror = function () { /* onclose follows */ };
  }
  function scheduleReconnect() {
    attempts += 1;
    setStatus(t.reconnecting);
    var delay = Math.min(15000, 500 * Math.pow(2, Math.min(attempts, 5))) * (0.8 + Math.random() * 0.4);
    retryTimer = setTimeout(connect, delay);
  }

  function say(text) {
    // kept until the server accepts it: a dropped socket resends it by its client id
    var item = { cid: newId(), text: text };
    pending.push(item);
    save("pending", pending);
    bubble(item.cid, "customer", text, "pending");
    showQuick([]);
    send({ type: "message", cid: item.cid, text: text });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    say(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
  });
  agentBtn.addEventListener("click", function () { send({ type: "agent" }); });
  function openPanel() { panel.className = "panel open"; launcher.style.display = "none"; input.focus(); }
  launcher.addEventListener("click", openPanel);
  closeBtn.addEventListener("click", function () { panel.className = "panel"; launcher.style.display = ""; });

  // pending messages from a previous page are shown until the server accepts them
  pending.forEach(function (p) { bubble(p.cid, "customer", p.text, "pending"); });
  document.body.appendChild(host);
  if (script && script.getAttribute("data-open") === "true") { openPanel(); }
  connect();
  // exposed for operators' pages and tests: force a reconnect (e.g. after a network change)
  window.complaintdeskWidget = { reconnect: function () { if (socket) { socket.close(); } }, language: lang };
})();
