// Chat, live: messages arrive over the page's one socket (realtime.js) into every open tab;
// sending is a plain form post (htmx), with an id chosen here so a resend is one message.
// The header's unread badge updates on every page. A page that lost its socket catches up
// from the server when it comes back.
(function () {
  "use strict";

  function fragment(html) {
    const template = document.createElement("template");
    template.innerHTML = (html || "").trim();
    return template.content;
  }

  function replaceBadge(html, id) {
    const badge = document.getElementById(id || "chat-badge");
    const fresh = fragment(html).firstElementChild;
    if (badge && fresh) badge.replaceWith(fresh);
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (window.crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  const list = document.getElementById("message-list");
  const conversationId = list ? list.dataset.conversation : null;
  const me = list ? list.dataset.me : null;

  function lastMessageId() {
    const messages = list.querySelectorAll("[data-message-id]");
    return messages.length ? Number(messages[messages.length - 1].dataset.messageId) : 0;
  }

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  }

  function scrollToEnd() {
    list.scrollTop = list.scrollHeight;
  }

  // Runs of one sender's messages show the name and avatar once, and a message's region tag
  // only where it differs from that sender's previous one (the first against the region the
  // member is in now, which the conversation's header shows). Decided here alone, over the
  // whole list, so history, live messages, a catch-up and older pages group the same way.
  const RUN_BREAK_MS = 10 * 60 * 1000;  // a pause this long starts a new run, as in messaging apps
  function groupMessages() {
    const regions = {};
    let previous = null;
    let previousAt = NaN;
    list.querySelectorAll(":scope > .message").forEach(function (item) {
      const author = item.dataset.authorId;
      const time = item.querySelector("time");
      const at = time ? Date.parse(time.getAttribute("datetime")) : NaN;
      const continues = Boolean(previous) && previous.dataset.authorId === author &&
        !(at - previousAt > RUN_BREAK_MS);
      item.classList.toggle("message-continues", continues);
      if (previous) previous.classList.toggle("message-continued", continues);
      const region = item.dataset.region || "";
      const before = author in regions ? regions[author] : (item.dataset.authorRegion || "");
      item.classList.toggle("message-region-same", !region || region === before);
      if (region) regions[author] = region;
      previous = item;
      previousAt = at;
    });
    if (previous) previous.classList.remove("message-continued");
  }

  // Append messages, never twice (the socket and the send's own answer both bring it).
  function appendMessages(html) {
    const stick = nearBottom();
    const incoming = fragment(html);
    incoming.querySelectorAll("[data-message-id]").forEach(function (item) {
      if (document.getElementById(item.id)) return;
      list.appendChild(item);
      if (window.htmx) window.htmx.process(item);
    });
    groupMessages();
    markSeen();
    if (stick) scrollToEnd();
    markRead();
  }

  function catchUp() {
    fetch(list.dataset.sinceUrl + "?after=" + lastMessageId(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html.trim()) appendMessages(html); });
  }

  function removeDuplicates() {
    const seen = new Set();
    list.querySelectorAll("[data-message-id]").forEach(function (item) {
      if (seen.has(item.id)) item.remove();
      else seen.add(item.id);
    });
  }

  // "Seen" under my newest message the others have read.
  function markSeen() {
    const upTo = Number(list.dataset.seenUpTo || 0);
    list.querySelectorAll(".message-seen").forEach(function (label) { label.remove(); });
    const mine = Array.from(list.querySelectorAll(".message-mine[data-message-id]")).filter(
      function (item) { return Number(item.dataset.messageId) <= upTo; }
    );
    const newest = mine[mine.length - 1];
    if (!newest) return;
    const label = document.createElement("p");
    label.className = "message-seen";
    label.textContent = list.dataset.seenLabel;
    newest.querySelector(".message-main").appendChild(label);
  }

  let readTimer = null;
  let lastRead = 0;
  function markRead() {
    if (document.visibilityState !== "visible") return;
    window.clearTimeout(readTimer);
    readTimer = window.setTimeout(function () {
      const newest = lastMessageId();
      if (!newest || newest <= lastRead) return;
      lastRead = newest;
      const body = new URLSearchParams({ message_id: String(newest) });
      fetch(list.dataset.readUrl, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
    }, 300);
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  // Every page: the badge; the chat page: the message, the conversation list.
  document.addEventListener("halfway:chat.message", function (event) {
    const frame = event.detail;
    if (frame.badge) replaceBadge(frame.badge);
    if (frame.requests) replaceBadge(frame.requests, "request-count");
    if (list && String(frame.conversation) === conversationId) {
      const missed = frame.previous_id && !document.getElementById("message-" + frame.previous_id);
      if (missed) catchUp();  // a frame was lost on the way: fetch everything after ours
      else appendMessages(frame.html);
      hideTyping();
    }
    // The conversation's row shows the new message and moves to the top of the list.
    const conversations = document.getElementById("conversation-list");
    if (!conversations || frame.is_request) return; // a request waits in Requests, not here
    const open = String(frame.conversation) === conversationId;
    const row = conversations.querySelector('[data-conversation-row="' + frame.conversation + '"]');
    const preview = row && row.querySelector(".conversation-preview");
    if (!preview) {
      // A conversation this page does not list yet (or lists without a message): ask for it.
      fetch(frame.row_url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          const fresh = fragment(html).firstElementChild;
          if (!fresh) return;
          const old = conversations.querySelector('[data-conversation-row="' + frame.conversation + '"]');
          if (old) old.remove();
          if (open) fresh.classList.add("is-current");
          conversations.prepend(fresh);
        });
      return;
    }
    preview.textContent = fragment(frame.preview).textContent.trim();
    if (!frame.mine && !open) {
      row.classList.add("has-unread");
      const count = row.querySelector(".conversation-unread");
      if (count) {
        count.hidden = false;
        count.firstChild.textContent = String(Number(count.firstChild.textContent || 0) + 1);
      }
    }
    conversations.prepend(row);
  });

  document.addEventListener("halfway:chat.unread", function (event) {
    if (event.detail.badge) replaceBadge(event.detail.badge);
  });

  document.addEventListener("halfway:chat.seen", function (event) {
    if (!list || String(event.detail.conversation) !== conversationId) return;
    list.dataset.seenUpTo = String(event.detail.seen_up_to);
    markSeen();
  });

  let typingTimer = null;
  function hideTyping() {
    const indicator = document.getElementById("typing-indicator");
    if (indicator) indicator.textContent = "";
  }
  document.addEventListener("halfway:chat.typing", function (event) {
    if (event.detail.replayed) return;  // fetched after a gap: the typing is long over
    if (!list || String(event.detail.conversation) !== conversationId) return;
    const indicator = document.getElementById("typing-indicator");
    if (!indicator) return;
    // The member's name is theirs, not interface text: kept out of page translation.
    const [before, after] = list.dataset.typingLabel.split("%(name)s");
    const name = document.createElement("span");
    name.translate = false;
    name.textContent = event.detail.name;
    indicator.replaceChildren(before, name, after || "");
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(hideTyping, 5000);
  });

  if (!list) return;

  // More was missed than the server still holds: fetch the open conversation's messages.
  document.addEventListener("halfway:realtime.resync", catchUp);

  // Back after a dropped socket: fetch what was missed.
  let socketWasClosed = false;
  document.addEventListener("halfway:socket.closed", function () { socketWasClosed = true; });
  document.addEventListener("halfway:socket.open", function () {
    if (!socketWasClosed) return;
    socketWasClosed = false;
    catchUp();
  });

  // Safari on iOS lays its keyboard over the page (it ignores interactive-widget): the open
  // conversation takes the visible height, so the composer stays just above the keyboard.
  // Set through the CSSOM, which the Content-Security-Policy allows (a style attribute it would not).
  const viewport = window.visualViewport;
  if (viewport && document.querySelector(".chat-open")) {
    const fitToViewport = function () {
      if (viewport.scale > 1.01) return;  // pinch-zoomed: the layout stays as it was
      const stick = nearBottom();
      document.documentElement.style.setProperty("--chat-viewport-height", viewport.height + "px");
      if (viewport.offsetTop) window.scrollTo(0, 0);
      if (stick) scrollToEnd();
    };
    viewport.addEventListener("resize", fitToViewport);
    fitToViewport();
  }

  // The box grows with its text up to its CSS max-height (field-sizing does it where supported).
  const sizesItself = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
  function fitComposer(input) {
    if (sizesItself || !input) return;
    input.style.height = "auto";
    input.style.height = input.scrollHeight + 2 + "px";  // + the top and bottom border
  }

  // The composer: Enter sends, Shift+Enter is a new line; one id per message being sent.
  function composer() { return document.getElementById("composer"); }
  function prepare(form) {
    if (!form) return;
    const id = form.querySelector("[name=client_id]");
    if (id && !id.value) id.value = newClientId();
    const input = form.querySelector("[data-composer-input]");
    if (input && !input.dataset.ready) {
      input.dataset.ready = "1";
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          if (input.value.trim()) form.requestSubmit();
        }
      });
      let lastTyping = 0;
      input.addEventListener("input", function () {
        fitComposer(input);
        const now = Date.now();
        if (now - lastTyping > 3000 && window.halfwayRealtime) {
          lastTyping = now;
          window.halfwayRealtime.send({ type: "chat.typing", conversation: conversationId });
        }
      });
    }
  }
  prepare(composer());

  document.addEventListener("htmx:afterRequest", function (event) {
    const form = composer();
    if (!form || event.detail.elt !== form) return;
    if (event.detail.successful && event.detail.target === list) {
      // Sent: a fresh id and an empty box for the next message.
      form.reset();
      fitComposer(form.querySelector("[data-composer-input]"));
      form.querySelector("[name=client_id]").value = newClientId();
      form.querySelectorAll(".error").forEach(function (error) { error.remove(); });
      const preview = document.getElementById("draft-preview");
      if (preview) preview.replaceChildren();
      form.querySelector("[data-composer-input]").focus();
    }
    // Not sent (no network): the text and its id stay, so sending again cannot duplicate.
    if (!event.detail.successful && !form.querySelector(".send-error")) {
      const error = document.createElement("p");
      error.className = "error send-error";
      error.setAttribute("role", "alert");
      error.textContent = form.dataset.sendError;
      form.querySelector(".composer-row").after(error);
    } else if (event.detail.successful) {
      form.querySelectorAll(".send-error").forEach(function (error) { error.remove(); });
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === list) {
      removeDuplicates();
      markSeen();
      scrollToEnd();
    }
    groupMessages();  // also after older history arrives above
    prepare(composer());
  });

  groupMessages();
  markSeen();
  scrollToEnd();
  markRead();
  document.addEventListener("visibilitychange", markRead);
})();
