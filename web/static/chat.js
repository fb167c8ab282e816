/* Chat widget for the pre-screening assistant.
 * Talks only to this site's /chat proxy. Every message is rendered as text (never as
 * HTML); links are made from http(s) addresses only. The conversation survives a reload
 * through sessionStorage (never localStorage: it ends with the browser tab).
 * All words come from the page (domain.yml), none are written here. */
(function () {
  "use strict";

  var script = document.currentScript;
  var lang = (script && script.getAttribute("data-language")) || "en";
  var T = JSON.parse(document.getElementById("chat-texts").textContent);
  var KEY = "prescreen-chat";
  var MAX = 1000;

  var list = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var sendButton = document.getElementById("send");
  var typing = document.getElementById("typing");
  var progressWrap = document.querySelector(".progress-wrap");
  var progress = document.getElementById("progress");
  var busy = false;

  function newSender() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function newState() { return { sender: newSender(), items: [], progress: null, pendingSwitch: null }; }
  function load() {
    try {
      var s = JSON.parse(window.sessionStorage.getItem(KEY));
      return s && typeof s.sender === "string" && Array.isArray(s.items) ? s : null;
    } catch (e) { return null; }
  }
  function save() {
    try { window.sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: keep going */ }
  }

  var state = load() || newState();

  function appendText(parent, text) {
    var lines = String(text).split("\n");
    lines.forEach(function (line, i) {
      var re = /(https?:\/\/[^\s<>"']+)/g, last = 0, m;
      while ((m = re.exec(line)) !== null) {
        parent.appendChild(document.createTextNode(line.slice(last, m.index)));
        var a = document.createElement("a");
        a.href = m[1];
        a.textContent = m[1];
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        parent.appendChild(a);
        last = m.index + m[1].length;
      }
      parent.appendChild(document.createTextNode(line.slice(last)));
      if (i < lines.length - 1) { parent.appendChild(document.createElement("br")); }
    });
  }

  function render(item) {
    var li = document.createElement("li");
    li.className = "msg " + item.from + (item.alert ? " alert" : "") + (item.notice ? " notice" : "");
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = (item.from === "user" ? T.you : (item.alert ? T.emergency_label : T.bot)) + ": ";
    li.appendChild(who);
    if (item.alert) {
      /* An emergency: announced at once, 120 first as a tap-to-call link; it takes no focus. */
      li.setAttribute("role", "alert");
      var call = document.createElement("a");
      call.className = "call";
      call.href = "tel:" + item.call;
      call.textContent = T.call_120;
      li.appendChild(call);
    }
    if (item.text) {
      var p = document.createElement("p");
      appendText(p, item.text);
      li.appendChild(p);
    }
    if (item.buttons && item.buttons.length) {
      var group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      item.buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        group.appendChild(btn);
      });
      li.appendChild(group);
    }
    if (item.retry) {
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "retry";
      retry.textContent = T.retry;
      retry.addEventListener("click", function () { li.remove(); send(item.retry.payload, item.retry.shown, true); });
      li.appendChild(retry);
    }
    list.appendChild(li);
    return li;
  }

  /* Only the newest message's answer buttons can be pressed; older ones are history. */
  function refreshChoices() {
    var groups = list.querySelectorAll(".choices");
    groups.forEach(function (g, i) {
      g.querySelectorAll("button").forEach(function (b) { b.disabled = busy || i !== groups.length - 1; });
    });
  }

  function showProgress(p) {
    if (p && p.total) {
      progressWrap.hidden = false;
      progress.max = p.total;
      progress.value = p.n;
      progress.textContent = p.n + " / " + p.total;
    }
  }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendButton.disabled = value;
    refreshChoices();
  }

  /* Focus after a reply stays where typing happens: in the text box (a phone's keyboard
   * stays open, nothing looks pre-selected, and a key typed never presses an answer button;
   * the buttons are one Shift+Tab away). After a tap on a touch screen nothing takes the focus,
   * so no keyboard pops up over the buttons. The log is a live region: screen readers hear
   * the new message without the focus moving. */
  var touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  var lastWasTyped = true;
  function focusAfterReply() {
    if (touch && !lastWasTyped) {
      if (document.activeElement && document.activeElement !== document.body) { document.activeElement.blur(); }
      return;
    }
    input.focus({ preventScroll: true });
  }

  function send(payload, shown, quiet, typed) {
    if (busy) { return; }
    lastWasTyped = !!typed;
    if (payload.length > MAX) {
      render({ from: "note", text: T.too_long });
      focusAfterReply();
      return;
    }
    if (!quiet) {
      var mine = { from: "user", text: shown || payload };
      state.items.push(mine);
      render(mine);
      save();
    }
    setBusy(true);
    fetch("/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: payload }),
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 413) { throw new Error("too_long"); }
      if (response.status === 429) { throw new Error("rate_limited"); }
      if (!response.ok) { throw new Error("unavailable"); }
      return response.json();
    }).then(function (messages) {
      setBusy(false);
      var items = [];
      (Array.isArray(messages) ? messages : []).forEach(function (m) {
        if (m.custom && m.custom.progress) { state.progress = m.custom.progress; showProgress(state.progress); }
        /* Rasa sends a message's custom part after its text: it marks the message before it. */
        if (m.custom && m.custom.alert === "emergency" && items.length) {
          items[items.length - 1].alert = true;
          items[items.length - 1].call = String(m.custom.call || "120").replace(/[^0-9]/g, "");
        }
        /* "This study may not suit you": a calm notice of its own, not one more bubble. */
        if (m.custom && m.custom.notice === "not_a_fit" && items.length) { items[items.length - 1].notice = true; }
        if (!m.text && !(m.buttons && m.buttons.length)) { return; }
        items.push({ from: "bot", text: m.text || "", buttons: m.buttons || [] });
      });
      items.forEach(function (item) {
        state.items.push(item);
        render(item);
      });
      save();
      refreshChoices();
      focusAfterReply();
    }).catch(function (error) {
      setBusy(false);
      var kind = error && error.message;
      var note = kind === "too_long" ? { from: "note", text: T.too_long }
        : kind === "rate_limited" ? { from: "note", text: T.rate_limited, retry: { payload: payload, shown: shown } }
        : { from: "note", text: T.error, retry: { payload: payload, shown: shown } };
      render(note);
      focusAfterReply();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text, text, false, true);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.getElementById("start-over").addEventListener("click", function () {
    send("/start_over", this.textContent);
  });

  document.getElementById("delete").addEventListener("click", function () {
    if (!window.confirm(T.delete_confirm)) { return; }
    fetch("/chat/forget", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender })
    }).then(function (response) {
      if (!response.ok) { throw new Error("unavailable"); }
      try { window.sessionStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
      state = newState();
      list.textContent = "";
      progressWrap.hidden = true;
      render({ from: "note", text: T.deleted });
      send(T.hello, T.hello, true);
    }).catch(function () { render({ from: "note", text: T.error }); focusAfterReply(); });
  });

  var deleteForm = document.getElementById("delete-referral");
  deleteForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var result = document.getElementById("delete-referral-result");
    fetch("/privacy/delete", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: deleteForm.code.value.trim(), phone: deleteForm.phone.value.trim() })
    }).then(function (response) {
      if (response.status === 429) { throw new Error("rate_limited"); }
      if (!response.ok) { throw new Error("unavailable"); }
      return response.json();
    }).then(function (data) {
      result.textContent = data.deleted ? T.delete_referral_done : T.delete_referral_not_found;
      if (data.deleted) { deleteForm.reset(); }
    }).catch(function (error) {
      result.textContent = error && error.message === "rate_limited" ? T.rate_limited : T.error;
    });
  });

  var switchLink = document.querySelector("a.lang");
  switchLink.addEventListener("click", function () {
    state.pendingSwitch = switchLink.getAttribute("data-switch");
    save();
  });

  // Start: show what this tab already said, then continue or greet.
  state.items.forEach(render);
  showProgress(state.progress);
  refreshChoices();
  if (state.pendingSwitch) {
    var word = state.pendingSwitch;
    state.pendingSwitch = null;
    save();
    send(word, word);
  } else if (!state.items.length) {
    send(T.hello, T.hello, true);
  }
  document.documentElement.setAttribute("data-chat-ready", lang);
})();
