// The page's one WebSocket. Every live update arrives here as {type, ...} and is handed to
// whoever listens for "halfway:<type>" on document. Reconnects with backoff.
//
// Each frame for the member carries `seq`, one more than their previous frame. The page
// remembers the last it applied (from the page itself at first); a skipped number, or a
// newer number in the socket's hello or pong, means a frame was lost (the layer dropped it,
// or the socket was down): the page fetches the frames after its last one and applies them
// in order. When the server no longer holds them all, it answers with every badge as it is
// now and the page announces "halfway:realtime.resync" so each part refreshes itself. No
// frame is lost without the page knowing.
(function () {
  "use strict";

  const path = document.body.dataset.realtimeUrl;
  if (!path || !("WebSocket" in window)) return;

  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  const eventsUrl = document.body.dataset.realtimeEventsUrl;
  let socket = null;
  let attempts = 0;
  let pingTimer = null;
  let last = /^\d+$/.test(document.body.dataset.realtimeSeq || "") ?
    Number(document.body.dataset.realtimeSeq) : null;
  let fetching = false;
  let waiting = [];  // frames that arrived while the missed ones were being fetched

  function announce(type, detail) {
    document.dispatchEvent(new CustomEvent("halfway:" + type, { detail: detail }));
  }

  function apply(frame) {
    if (typeof frame.seq === "number") last = frame.seq;
    announce(frame.type, frame);
  }

  function receive(frame) {
    if (typeof frame.seq !== "number" || last === null) return apply(frame);
    if (fetching) return void waiting.push(frame);
    if (frame.seq <= last) return;  // already applied (a catch-up brought it first)
    if (frame.seq === last + 1) return apply(frame);
    waiting.push(frame);
    catchUp();
  }

  // The stream's newest number, from the hello or a pong.
  function compare(seq) {
    if (typeof seq !== "number") return;
    if (last === null) last = seq;
    else if (seq > last) catchUp();
    else if (seq < last && !fetching) resync(seq);  // the count started again (server data lost)
  }

  function resync(seq) {
    last = seq;
    announce("realtime.resync", {});
  }

  function catchUp() {
    if (fetching || !eventsUrl) return;
    fetching = true;
    let failed = false;
    fetch(eventsUrl + "?after=" + last, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        if (answer.resync) {
          answer.events.forEach(function (frame) { announce(frame.type, frame); });
          resync(answer.seq);
        } else {
          answer.events.forEach(function (frame) {
            if (frame.seq > last) apply(Object.assign(frame, { replayed: true }));
          });
        }
      })
      .catch(function () {
        // Not fetched (offline, signed out): each part refreshes itself instead.
        failed = true;
        announce("realtime.resync", {});
      })
      .finally(function () {
        fetching = false;
        const pending = waiting.sort(function (a, b) { return a.seq - b.seq; });
        waiting = [];
        pending.forEach(function (frame) {
          if (!failed) receive(frame);
          else if (frame.seq > last) apply(frame);
        });
      });
  }

  function connect() {
    socket = new WebSocket(url);
    socket.addEventListener("open", function () {
      attempts = 0;
      document.body.dataset.realtime = "open";
      announce("socket.open", {});
      pingTimer = window.setInterval(function () {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
      }, 25000);
    });
    socket.addEventListener("message", function (event) {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (!frame || typeof frame.type !== "string") return;
      if (frame.type === "socket.hello" || frame.type === "pong") compare(frame.seq);
      else receive(frame);
    });
    socket.addEventListener("close", function (event) {
      window.clearInterval(pingTimer);
      document.body.dataset.realtime = "closed";
      announce("socket.closed", { code: event.code });
      if (event.code === 4401) return; // signed out: retrying cannot help
      attempts += 1;
      const delay = Math.min(30000, 500 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
      window.setTimeout(connect, delay);
    });
  }

  window.halfwayRealtime = {
    send: function (frame) {
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(frame));
        return true;
      }
      return false;
    },
  };

  connect();
})();
