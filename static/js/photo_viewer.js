// Photos full-screen. A tap on a photo of a post or a message ([data-photo-group] a) opens
// the page's <dialog class="photo-viewer"> on it: swipe or the arrow keys go through that
// post's photos, two fingers (or a double tap) zoom, Esc or × closes. The dialog is modal, so
// focus stays in it and goes back to the photo tapped. Without this script the link opens the
// photo itself, as before. Styles are set through the CSSOM, which the CSP allows.
(function () {
  "use strict";

  const viewer = document.querySelector("dialog.photo-viewer");
  if (!viewer || typeof viewer.showModal !== "function") return;
  const image = viewer.querySelector(".photo-viewer-image");
  const count = viewer.querySelector(".photo-viewer-count");
  const previous = viewer.querySelector(".photo-viewer-previous");
  const next = viewer.querySelector(".photo-viewer-next");
  const SWIPE = 50;  // px sideways that turn the photo
  const MAX_SCALE = 4;

  let links = [];
  let index = 0;
  let opener = null;
  let scale = 1;
  let shift = { x: 0, y: 0 };
  const pointers = new Map();  // pointerId → {x, y}
  let gesture = null;  // {distance, scale} for a pinch, {x, y, shift} for a swipe or a pan
  let lastTap = 0;

  function transform() {
    image.style.transform = "translate(" + shift.x + "px, " + shift.y + "px) scale(" + scale + ")";
  }

  function zoom(to) {
    scale = Math.min(MAX_SCALE, Math.max(1, to));
    if (scale === 1) shift = { x: 0, y: 0 };
    viewer.dataset.zoomed = scale > 1 ? "true" : "false";
    transform();
  }

  function show(at) {
    index = (at + links.length) % links.length;
    const link = links[index];
    const thumbnail = link.querySelector("img");
    image.src = link.href;
    image.alt = thumbnail ? thumbnail.alt : "";
    count.textContent = viewer.dataset.count
      .replace("{number}", index + 1).replace("{total}", links.length);
    previous.hidden = next.hidden = links.length < 2;
    zoom(1);
  }

  function open(link) {
    links = Array.from(link.closest("[data-photo-group]").querySelectorAll("a[href]"));
    opener = link;
    show(links.indexOf(link));
    viewer.showModal();
    viewer.querySelector(".photo-viewer-close").focus();
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-photo-group] a[href]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    open(link);
  });

  previous.addEventListener("click", function () { show(index - 1); });
  next.addEventListener("click", function () { show(index + 1); });
  viewer.querySelector(".photo-viewer-close").addEventListener("click", function () {
    viewer.close();
  });
  viewer.addEventListener("close", function () {
    image.removeAttribute("src");
    if (opener && opener.isConnected) opener.focus();
  });
  viewer.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") show(index - 1);
    else if (event.key === "ArrowRight") show(index + 1);
  });

  // Touch, pen and mouse alike: one pointer swipes (or pans a zoomed photo), two pinch.
  const stage = viewer.querySelector(".photo-viewer-stage");
  function distance() {
    const [a, b] = Array.from(pointers.values());
    return Math.hypot(a.x - b.x, a.y - b.y);
  }
  stage.addEventListener("pointerdown", function (event) {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    try {
      stage.setPointerCapture(event.pointerId);  // the moves keep coming past the stage's edge
    } catch (error) {
      // not an active pointer (a synthetic event): its moves still reach the stage
    }
    if (pointers.size === 2) gesture = { distance: distance(), scale: scale };
    else if (pointers.size > 2) gesture = null;
    else gesture = { x: event.clientX, y: event.clientY, shift: { x: shift.x, y: shift.y } };
  });
  stage.addEventListener("pointermove", function (event) {
    if (!pointers.has(event.pointerId) || !gesture) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2 && gesture.distance) {
      zoom(gesture.scale * distance() / gesture.distance);
    } else if (pointers.size === 1 && scale > 1 && gesture.shift) {
      shift = { x: gesture.shift.x + event.clientX - gesture.x, y: gesture.shift.y + event.clientY - gesture.y };
      transform();
    }
  });
  function release(event) {
    if (!pointers.has(event.pointerId)) return;
    pointers.delete(event.pointerId);
    if (pointers.size > 0) return;  // a pinch ends when the last finger lifts
    const ended = gesture;
    gesture = null;
    if (!ended || ended.distance) return;
    const moved = event.clientX - ended.x;
    if (scale === 1 && Math.abs(moved) >= SWIPE) {
      show(index + (moved < 0 ? 1 : -1));
    } else if (Math.abs(moved) < 10 && Math.abs(event.clientY - ended.y) < 10) {
      if (event.timeStamp - lastTap < 300) {  // a double tap zooms in, or back out
        zoom(scale > 1 ? 1 : 2);
        lastTap = 0;
      } else {
        lastTap = event.timeStamp;
      }
    }
  }
  stage.addEventListener("pointerup", release);
  stage.addEventListener("pointercancel", release);
})();
