// Forms in cached HTML carry no CSRF token (forum/fragments.py): htmx sends it as a header from
// the page's <body>; a form sent before htmx has loaded gets it here.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.method !== "post" || form.elements.csrfmiddlewaretoken) return;
    const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrfmiddlewaretoken";
    input.value = headers["X-CSRFToken"] || "";
    form.appendChild(input);
  });
})();
