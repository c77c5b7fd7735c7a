// @mention completion for any textarea marked data-mentions: type @ and a few letters, pick
// a member with the arrow keys and Enter (or a click). Without JavaScript, @name still works.
(function () {
  "use strict";

  const MENTION_BEFORE_CARET = /(^|[^\w@])@([\w.+-]{1,30})$/u;
  let listbox = null;
  let active = -1;
  let target = null;
  let members = [];
  let requestNumber = 0;

  function close() {
    if (listbox) listbox.remove();
    listbox = null;
    active = -1;
    members = [];
    if (target) {
      target.setAttribute("aria-expanded", "false");
      target.removeAttribute("aria-activedescendant");
    }
  }

  function render() {
    if (!members.length) return close();
    if (!listbox) {
      listbox = document.createElement("ul");
      listbox.id = "mention-listbox";
      listbox.className = "mention-listbox";
      listbox.setAttribute("role", "listbox");
      target.insertAdjacentElement("afterend", listbox);
      target.setAttribute("aria-controls", listbox.id);
      target.setAttribute("aria-expanded", "true");
    }
    listbox.replaceChildren();
    members.forEach(function (member, index) {
      const option = document.createElement("li");
      option.id = "mention-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", index === active ? "true" : "false");
      const name = document.createElement("strong");
      name.textContent = member.name;
      const handle = document.createElement("span");
      handle.textContent = " @" + member.username;
      option.append(name, handle);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(index);
      });
      listbox.append(option);
    });
    if (active >= 0) target.setAttribute("aria-activedescendant", "mention-option-" + active);
  }

  function choose(index) {
    const member = members[index];
    if (!member || !target) return;
    const caret = target.selectionStart;
    const before = target.value.slice(0, caret).replace(MENTION_BEFORE_CARET, function (_, lead) {
      return lead + "@" + member.username + " ";
    });
    target.value = before + target.value.slice(caret);
    target.setSelectionRange(before.length, before.length);
    close();
  }

  function suggest(textarea) {
    target = textarea;
    const match = textarea.value.slice(0, textarea.selectionStart).match(MENTION_BEFORE_CARET);
    if (!match) return close();
    const thisRequest = ++requestNumber;
    fetch("/mentions/?q=" + encodeURIComponent(match[2]), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : { members: [] }; })
      .then(function (body) {
        if (thisRequest !== requestNumber) return; // a newer keystroke won
        members = body.members || [];
        active = members.length ? 0 : -1;
        render();
      })
      .catch(close);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-mentions]")) suggest(event.target);
  });
  document.addEventListener("keydown", function (event) {
    if (!listbox || event.target !== target) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + members.length) % members.length;
      render();
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === target) window.setTimeout(close, 100);
  });
})();
