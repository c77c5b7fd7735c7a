// Keep the header's unread badge current: the socket announces a change, the server renders it.
(function () {
  "use strict";
  document.addEventListener("halfway:notifications.changed", function (event) {
    const badge = document.getElementById("notification-badge");
    if (!badge || typeof event.detail.html !== "string") return;
    const template = document.createElement("template");
    template.innerHTML = event.detail.html.trim();
    const fresh = template.content.firstElementChild;
    if (fresh) badge.replaceWith(fresh);
  });
})();
