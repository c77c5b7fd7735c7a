// Translations arrive in place: from the htmx answer (cached), from the socket (made by the
// worker) or from the one follow-up request. "Show original" flips back without a request.
(function () {
  "use strict";

  function markTranslated(block) {
    const container = block.closest(".translatable");
    if (container && block.dataset.translationState === "done") {
      container.classList.add("is-translated");
    }
  }

  document.addEventListener("halfway:translation.ready", function (event) {
    (event.detail.targets || []).forEach(function (target) {
      const current = document.getElementById(target.id);
      if (!current) return;
      const template = document.createElement("template");
      template.innerHTML = target.html.trim();
      const fresh = template.content.firstElementChild;
      if (!fresh) return;
      current.replaceWith(fresh);
      if (window.htmx) window.htmx.process(fresh);
      markTranslated(fresh);
    });
  });

  function afterSwap(event) {
    const block = event.detail.target && document.getElementById(event.detail.target.id);
    if (block && block.classList.contains("translation")) markTranslated(block);
  }
  document.addEventListener("htmx:afterSwap", afterSwap);
  document.addEventListener("htmx:oobAfterSwap", afterSwap); // a whole page, translated at once

  document.addEventListener("click", function (event) {
    // Cancel in a form opened in place (a suggestion, a report, a moderator's action).
    const cancel = event.target.closest("[data-close-suggestion], [data-close-panel]");
    if (cancel) {
      const slot = cancel.closest(".suggest-slot, .panel-slot");
      if (slot) slot.replaceChildren();
      return;
    }
    const button = event.target.closest("[data-toggle-original]");
    if (!button) return;
    const container = button.closest(".translatable");
    if (!container) return;
    const showingOriginal = container.classList.toggle("shows-original");
    button.setAttribute("aria-pressed", showingOriginal ? "true" : "false");
    button.textContent = showingOriginal ? button.dataset.labelTranslation : button.dataset.labelOriginal;
  });
})();
