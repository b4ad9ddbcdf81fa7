/* complaintdesk console: live conversation list and transcript over server-sent events.
 * Everything from the server is put on the page with textContent: no customer text becomes HTML. */
(function () {
  "use strict";
  var body = document.body;
  var mode = body.getAttribute("data-live");
  if (!mode) { return; }

  var words = {};
  var tpl = document.getElementById("words");
  if (tpl) {
    Array.prototype.forEach.call(tpl.content.querySelectorAll("[data-k]"), function (n) {
      words[n.getAttribute("data-k")] = n.textContent;
    });
  }
  function word(key) { return words[key] || key; }
  function cell(tr, text, cls) { var td = document.createElement("td"); td.textContent = text; if (cls) { td.className = cls; } tr.appendChild(td); return td; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // stored times are UTC; show them in the operator's zone (the policy's), as the server-rendered
  // rows do, whatever clock the agent's browser runs on
  var zone = body.getAttribute("data-zone") || undefined;
  function local(iso, timeOnly) {
    if (!iso) { return ""; }
    var d = new Date(iso);
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"})
      .formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
    var time = parts.hour + ":" + parts.minute + ":" + parts.second;
    return timeOnly ? time : parts.year + "-" + parts.month + "-" + parts.day + " " + time;
  }
  function show(id, on) { var n = document.getElementById(id); if (n) { n.classList.toggle("hidden", !on); } }

  var known = null; // conversation id → state, from the previous event
  var baseTitle = document.title;

  function announceWaiting(rows) {
    var waiting = rows.filter(function (r) { return r.state === "waiting_for_agent"; });
    var fresh = waiting.filter(function (r) { return known && known[r.id] !== "waiting_for_agent"; });
    show("alert", waiting.length > 0);
    document.title = (waiting.length ? "(" + waiting.length + ") " : "") + baseTitle;
    if (fresh.length && window.Notification && Notification.permission === "granted") {
      new Notification(document.getElementById("alert").textContent);
    }
    return fresh;
  }

  function renderList(rows, fresh) {
    var tbody = document.querySelector("#conversations tbody");
    if (!tbody) { return; }
    var freshIds = {};
    fresh.forEach(function (r) { freshIds[r.id] = true; });
    var out = document.createDocumentFragment();
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-id", r.id);
      tr.setAttribute("data-state", r.state);
      tr.className = "state-" + r.state + (freshIds[r.id] ? " fresh" : "");
      var td = document.createElement("td");
      var a = document.createElement("a");
      a.href = "/console/conversations/" + encodeURIComponent(r.id);
      a.textContent = String(r.id);
      td.appendChild(a); tr.appendChild(td);
      cell(tr, word("state_" + r.state));
      cell(tr, word("channel_" + r.channel));
      cell(tr, r.customer || "");
      cell(tr, r.last || "", "snippet");
      cell(tr, r.ticket || "");
      cell(tr, r.agent || "");
      cell(tr, local(r.updated_at), "time");
      out.appendChild(tr);
    });
    tbody.replaceChildren(out);
  }

  var conversationId = body.getAttribute("data-conversation");
  var lastId = parseInt(body.getAttribute("data-last") || "0", 10);
  var lastSeen = null;

  function appendMessage(m) {
    var list = document.getElementById("transcript");
    if (!list || list.querySelector('[data-id="' + m.id + '"]')) { return; }
    var li = document.createElement("li");
    li.className = "msg " + m.author;
    li.setAttribute("data-id", m.id);
    var meta = document.createElement("span"); meta.className = "meta";
    meta.textContent = word("author_" + m.author) + " · " + local(m.at, true);
    var text = document.createElement("span"); text.className = "text"; text.textContent = m.text;
    li.appendChild(meta); li.appendChild(text);
    if (m.labels) {
      var labels = document.createElement("span"); labels.className = "labels";
      labels.textContent = word("labels") + ": " + m.labels.kind + " / " + (m.labels.category || "—") + " / " + m.labels.business;
      li.appendChild(labels);
    }
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  // what the bot has collected so far, as the server masked it for this viewer (the handoff summary
  // comes with a change of state, which reloads the page)
  function showBot(bot) {
    var card = document.getElementById("bot-card");
    if (!card || bot === undefined) { return; }
    card.classList.toggle("hidden", !bot);
    if (!bot) { return; }
    var pending = document.getElementById("bot-pending");
    if (pending) {
      pending.textContent = bot.collecting
        ? word("bot_collecting") + (bot.pending ? " · " + word("bot_pending") + ": " + word("slot_" + bot.pending) : "")
        : "";
    }
    var list = document.getElementById("bot-slots");
    if (!list) { return; }
    var out = document.createDocumentFragment();
    bot.slots.forEach(function (s) {
      var dt = document.createElement("dt"); dt.textContent = word("slot_" + s.key);
      var dd = document.createElement("dd"); dd.className = "text"; dd.setAttribute("data-slot", s.key);
      dd.textContent = s.value;
      out.appendChild(dt); out.appendChild(dd);
    });
    list.replaceChildren(out);
  }

  function refreshConversation(row) {
    var stamp = row ? row.state + "|" + row.updated_at : "gone";
    if (stamp === lastSeen) { return; }
    lastSeen = stamp;
    fetch("/console/conversations/" + conversationId + "/after/" + lastId, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.messages.forEach(function (m) { appendMessage(m); lastId = Math.max(lastId, m.id); });
        showBot(data.bot);
        if (data.state !== body.getAttribute("data-state")) {
          // who may do what changed (taken over, handed back): reload unless the agent is typing
          var typing = document.getElementById("reply-text");
          if (!typing || !typing.value) { location.reload(); }
        }
      });
  }

  function connect() {
    var source = new EventSource("/console/live");
    source.addEventListener("open", function () { show("offline", false); });
    source.addEventListener("error", function () { show("offline", true); });
    source.addEventListener("conversations", function (event) {
      var rows = JSON.parse(event.data).conversations;
      var fresh = announceWaiting(rows);
      if (mode === "list") { renderList(rows, fresh); }
      if (mode === "conversation") {
        refreshConversation(rows.filter(function (r) { return String(r.id) === conversationId; })[0]);
      }
      known = {};
      rows.forEach(function (r) { known[r.id] = r.state; });
    });
  }
  if (window.Notification && Notification.permission === "default") {
    document.addEventListener("click", function once() { Notification.requestPermission(); document.removeEventListener("click", once); });
  }
  // tell the customer the agent is typing, at most every 3 seconds
  var replyBox = document.getElementById("reply-text");
  var lastTyping = 0;
  if (replyBox && conversationId) {
    replyBox.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping < 3000 || !replyBox.value) { return; }
      lastTyping = now;
      var token = replyBox.form.querySelector("input[name=csrf]").value;
      fetch("/console/conversations/" + conversationId + "/typing",
            { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": token } });
    });
  }
  connect();
  var transcript = document.getElementById("transcript");
  if (transcript) { transcript.scrollTop = transcript.scrollHeight; }
})();
