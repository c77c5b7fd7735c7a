// New replies in the thread a member has open. The page watches its thread over the one
// socket (realtime.js); each reply by someone else adds to "2 new replies", and a tap fetches
// the replies after the last one shown and puts them in place. The socket's frames are only
// hints: the fetch asks for everything after the last post shown, so a missed hint loses
// nothing, and after a reconnection the page asks at once.
(function () {
  "use strict";

  const list = document.querySelector(".post-list[data-live-replies]");
  if (!list) return;
  const button = document.querySelector(".new-replies-button");
  const topic = "thread:" + list.dataset.thread;
  const reader = Number(list.dataset.reader);
  const waiting = new Set();
  let fetching = false;

  function shownUpTo() {
    let highest = 0;
    list.querySelectorAll("article[id^='post-']").forEach(function (post) {
      const number = Number(post.id.slice(5));
      if (number > highest) highest = number;
    });
    return highest;
  }

  function show() {
    const count = waiting.size;
    button.textContent = count === 1 ? button.dataset.one : button.dataset.other.replace("{count}", count);
    button.hidden = count === 0;
  }

  function fetchAfter() {
    return fetch(list.dataset.liveReplies + "?after=" + shownUpTo(), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        const holder = document.createElement("template");
        holder.innerHTML = html;
        return Array.from(holder.content.children);
      });
  }

  // After a reconnection: count what came while the socket was down.
  function recount() {
    fetchAfter().then(function (items) {
      items.forEach(function (item) {
        const post = item.querySelector("article[id^='post-']");
        if (post) waiting.add(Number(post.id.slice(5)));
      });
      show();
    }).catch(function () {});
  }

  let opened = false;
  document.addEventListener("halfway:socket.open", function () {
    window.halfwayRealtime.send({ type: "watch", topic: topic });
    if (opened) recount();
    opened = true;
  });
  document.addEventListener("halfway:watching", function (event) {
    if (event.detail.topic === topic) list.dataset.live = "watching";
  });
  document.addEventListener("halfway:thread.reply", function (event) {
    const frame = event.detail;
    if (String(frame.thread) !== list.dataset.thread || frame.author === reader) return;
    if (frame.number <= shownUpTo()) return;
    waiting.add(frame.number);
    show();
  });

  button.addEventListener("click", function (event) {
    if (!("lastPage" in list.dataset)) return;  // an earlier page: the link opens the last one
    event.preventDefault();
    if (fetching) return;
    fetching = true;
    fetchAfter().then(function (items) {
      items.forEach(function (item) {
        list.append(item);
        if (window.htmx) window.htmx.process(item);
      });
      waiting.clear();
      show();
      const first = items.length && items[0].querySelector("article");
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.focus();
      }
    }).catch(function () {
      window.location.assign(button.href);  // fetched nothing: the last page has them
    }).finally(function () {
      fetching = false;
    });
  });
})();
