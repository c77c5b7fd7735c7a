// Drafts: what a member types in a reply, a new thread or a chat message is kept on the
// server as they pause (form[data-draft]), so it waits for them on another device. Posting
// the text clears it; that is the server's doing.
(function () {
  "use strict";

  const PAUSE = 800;  // ms without typing before a save
  const FIELDS = ["title", "body"];

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function watch(form) {
    if (form.dataset.draftWatched) return;
    form.dataset.draftWatched = "1";
    const status = form.querySelector("[data-draft-status]");
    let timer = null;
    let saved = null;

    function values() {
      const data = new URLSearchParams({ key: form.dataset.draft });
      FIELDS.forEach(function (name) {
        const field = form.elements.namedItem(name);
        if (field && typeof field.value === "string") data.set(name, field.value);
      });
      return data;
    }

    function save() {
      const data = values();
      if (data.toString() === saved) return;
      fetch(form.dataset.draftUrl, {
        method: "POST",
        credentials: "same-origin",
        // Signed out meanwhile (another tab): the sign-in page is no answer to follow.
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken() },
        body: data,
      }).then(function (response) {
        if (!response.ok) return;
        saved = data.toString();
        if (status) status.textContent = form.dataset.draftSaved;
      }).catch(function () {});  // offline: the next pause tries again
    }

    form.addEventListener("input", function (event) {
      if (!FIELDS.includes(event.target.name)) return;
      window.clearTimeout(timer);
      if (status) status.textContent = "";
      timer = window.setTimeout(save, PAUSE);
    });
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
    });
  }

  function scan() {
    document.querySelectorAll("form[data-draft]").forEach(watch);
  }
  scan();
  document.addEventListener("htmx:afterSettle", scan);  // a composer or form swapped in again
})();
