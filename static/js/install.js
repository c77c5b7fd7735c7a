// The service worker (/sw.js) makes Halfway installable and shows the offline page when a
// page is opened without a connection. A browser without service workers loses nothing.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch((error) => console.warn("Halfway offline page:", error));
  });
}
