// Push on this device (the notification settings page, [data-push]): the service worker's
// push subscription, made with the site's VAPID key, is sent to the site, which has the
// worker push each new notification to it. Off: the site forgets it and the browser drops it.
(function () {
  "use strict";

  const box = document.querySelector("[data-push]");
  if (!box || !box.dataset.vapidKey) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return;
  box.hidden = false;
  const on = box.querySelector("[data-push-on]");
  const off = box.querySelector("[data-push-off]");
  const status = box.querySelector("[data-push-status]");

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function show(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    status.textContent = subscribed ? box.dataset.onText : box.dataset.offText;
  }

  function keyBytes(base64) {
    const padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  function tell(subscription, query) {
    return fetch(box.dataset.url + query, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json" },
      body: JSON.stringify(subscription.toJSON()),
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
    });
  }

  const registration = navigator.serviceWorker.ready;
  registration.then(function (worker) { return worker.pushManager.getSubscription(); })
    .then(function (subscription) { show(Boolean(subscription)); });

  on.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("refused");
      return registration;
    }).then(function (worker) {
      return worker.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.vapidKey),
      });
    }).then(function (subscription) {
      return tell(subscription, "").then(function () { show(true); });
    }).catch(function () {
      status.textContent = box.dataset.refusedText;
    });
  });

  off.addEventListener("click", function () {
    registration.then(function (worker) { return worker.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) return show(false);
        return tell(subscription, "?off=1").then(function () {
          return subscription.unsubscribe();
        }).then(function () { show(false); });
      }).catch(function () {});
  });
})();
