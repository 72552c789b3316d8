// A select marked data-reload="name" reloads the page with ?name=<value>, so a form built for
// the choice (a certificate type's own fields and documents) comes back. No framework.
document.addEventListener("change", function (event) {
  var target = event.target;
  var name = target.getAttribute && target.getAttribute("data-reload");
  if (!name) return;
  var url = new URL(window.location.href);
  url.searchParams.set(name, target.value);
  window.location.assign(url.toString());
});

// When the session's time runs out, the page reloads: the server then shows that the session
// is over (it refuses every action after expiry in any case; this only says so at once).
(function () {
  var banner = document.getElementById("session-banner");
  var expires = banner && Date.parse(banner.getAttribute("data-expires"));
  if (!expires) return;
  var wait = Math.max(expires - Date.now(), 0) + 1000;
  window.setTimeout(function () { window.location.reload(); }, Math.min(wait, 2147483647));
})();
