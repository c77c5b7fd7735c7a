// The page's one WebSocket. Every live update arrives here as {type, ...} and is handed to
// whoever listens for "halfway:<type>" on document. Reconnects with backoff; a page must be
// correct without it (a reload shows the same state), so a dropped socket loses nothing.
(function () {
  "use strict";

  const path = document.body.dataset.realtimeUrl;
  if (!path || !("WebSocket" in window)) return;

  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  let socket = null;
  let attempts = 0;
  let pingTimer = null;

  function announce(type, detail) {
    document.dispatchEvent(new CustomEvent("halfway:" + type, { detail: detail }));
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
      if (frame && typeof frame.type === "string") announce(frame.type, frame);
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
