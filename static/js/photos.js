// Photo fields (input[type=file][data-photos], see core.forms.PhotoInput) show a thumbnail of
// every photo chosen, each with a button that takes it out again before posting. A second choice
// adds to the first. More photos or larger files than the server accepts are refused here, with
// the server's limits and messages from the input's data- attributes; the server checks again.
// Without this script the plain file input works as it always did.
(function () {
  "use strict";

  const chosen = new WeakMap();  // input → { files: File[], urls: string[], previews: Element }

  function stateOf(input) {
    let state = chosen.get(input);
    if (!state) {
      state = { files: [], urls: [], previews: null };
      chosen.set(input, state);
    }
    return state;
  }

  // Next to the field: after the block holding the label that stands in for the file control.
  function previewsOf(input, state) {
    if (state.previews && state.previews.isConnected) return state.previews;
    const previews = document.createElement("div");
    previews.className = "photo-previews";
    const list = document.createElement("ul");
    list.className = "photo-preview-list";
    list.hidden = true;
    previews.appendChild(list);
    const anchor = input.closest("label") || input;
    (anchor.parentElement || anchor).after(previews);
    state.previews = previews;
    return previews;
  }

  function sameFile(a, b) {
    return a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
  }

  function setFiles(input, files) {
    const transfer = new DataTransfer();
    files.forEach(function (file) { transfer.items.add(file); });
    input.files = transfer.files;
  }

  function showProblems(input, state, problems) {
    const previews = previewsOf(input, state);
    previews.querySelectorAll(".photo-problem").forEach(function (old) { old.remove(); });
    problems.forEach(function (text) {
      const problem = document.createElement("p");
      problem.className = "error photo-problem";
      problem.setAttribute("role", "alert");
      problem.textContent = text;
      previews.prepend(problem);
    });
  }

  function render(input, state) {
    state.urls.forEach(function (url) { URL.revokeObjectURL(url); });
    state.urls = [];
    const list = previewsOf(input, state).querySelector(".photo-preview-list");
    list.replaceChildren();
    state.files.forEach(function (file, index) {
      const url = URL.createObjectURL(file);
      state.urls.push(url);
      const item = document.createElement("li");
      item.className = "photo-preview";
      const image = document.createElement("img");
      image.src = url;
      image.alt = "";  // the button beside it names the photo
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "photo-remove";
      remove.setAttribute("aria-label", input.dataset.removeLabel.replace("%(number)s", index + 1));
      const cross = document.createElement("span");
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "×";
      remove.appendChild(cross);
      remove.addEventListener("click", function () { removeAt(input, index); });
      item.append(image, remove);
      list.appendChild(item);
    });
    list.hidden = state.files.length === 0;
    const label = input.closest("label");
    const count = label && label.querySelector("[data-photo-count]");
    if (count) count.textContent = state.files.length ? " · " + state.files.length : "";
  }

  function removeAt(input, index) {
    const state = stateOf(input);
    state.files.splice(index, 1);
    setFiles(input, state.files);
    showProblems(input, state, []);
    render(input, state);
    // Focus stays in the list (the next photo's button), or returns to the field.
    const buttons = state.previews.querySelectorAll(".photo-remove");
    if (buttons.length) buttons[Math.min(index, buttons.length - 1)].focus();
    else input.focus();
  }

  function choose(input) {
    const state = stateOf(input);
    const maxFiles = Number(input.dataset.maxFiles || 1);
    const maxBytes = Number(input.dataset.maxBytes || 0);
    const problems = [];
    const fitting = Array.from(input.files).filter(function (file) {
      if (maxBytes && file.size > maxBytes) {
        problems.push(input.dataset.tooLarge.replace("%(name)s", file.name));
        return false;
      }
      return true;
    });
    let next = fitting;
    if (input.multiple) {
      next = state.files.concat(fitting.filter(function (file) {
        return !state.files.some(function (kept) { return sameFile(kept, file); });
      }));
    }
    if (next.length > maxFiles) {
      problems.push(input.dataset.tooMany);
      next = input.multiple ? state.files : [];
    }
    state.files = next;
    setFiles(input, next);
    showProblems(input, state, problems);
    render(input, state);
  }

  document.addEventListener("change", function (event) {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.matches("input[type=file][data-photos]")) {
      choose(input);
    }
  });

  // A form emptied after sending (the chat composer) forgets its photos too.
  document.addEventListener("reset", function (event) {
    event.target.querySelectorAll("input[type=file][data-photos]").forEach(function (input) {
      const state = chosen.get(input);
      if (!state) return;
      state.files = [];
      setFiles(input, []);
      showProblems(input, state, []);
      render(input, state);
    });
  });
})();
