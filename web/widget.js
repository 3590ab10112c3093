/* widget.js - wsis-search in any page, on any origin:
 *
 *   <div id="wsis-search"></div>
 *   <script src="http://HOST:7780/widget.js" data-target="#wsis-search"
 *           data-limit="5" async></script>
 *
 * The element gets a search box and results in a Shadow DOM of its own, so
 * neither page's styles leak into the other; the script is one function
 * that names nothing in the page's global scope.  It asks the server it
 * came from (or data-server) for /search, cross-origin: the server's
 * cors-origins must allow the page's origin.  Every string of a reply is
 * inserted as text; a snippet is rebuilt keeping its <mark> only.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var server = (me.getAttribute("data-server") || new URL(me.src, location.href).origin).replace(/\/$/, "");
  var target = me.getAttribute("data-target") || "#wsis-search";
  var limit = parseInt(me.getAttribute("data-limit") || "5", 10) || 5;
  var placeholder = me.getAttribute("data-placeholder") || "Search the WSIS+10 review";

  var css =
    ":host{all:initial;display:block;font:15px/1.45 system-ui,sans-serif;color:#1a1a1a}" +
    "form{display:flex;gap:.4rem}label{position:absolute;left:-9999px}" +
    "input{flex:1;font:inherit;padding:.4rem;border:1px solid #767676;border-radius:4px}" +
    "button{font:inherit;padding:.4rem .8rem;border:0;border-radius:4px;background:#0645ad;color:#fff;cursor:pointer}" +
    ":focus-visible{outline:3px solid #e67700;outline-offset:2px}" +
    "ol{list-style:none;margin:.5rem 0 0;padding:0}li{padding:.4rem 0;border-top:1px solid #d0d4da}" +
    "a{color:#0645ad;font-weight:600}.m{color:#4a4a4a;font-size:.85em}p{margin:.2rem 0 0}" +
    "mark{background:#ffe066;color:inherit}.s{color:#4a4a4a;margin:.4rem 0 0}";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function snippet(html) {
    var t = document.createElement("template"), out = document.createDocumentFragment();
    t.innerHTML = html;
    t.content.childNodes.forEach(function (n) {
      out.appendChild(n.nodeType === 1 && n.nodeName === "MARK" ? el("mark", n.textContent) :
        document.createTextNode(n.textContent));
    });
    return out;
  }

  function mount(host) {
    var root = host.attachShadow({ mode: "open" });
    var style = el("style", css), form = el("form"), id = "q";
    var label = el("label", "Search"), input = el("input"), button = el("button", "Search");
    var status = el("p", null, "s"), list = el("ol");
    form.setAttribute("role", "search");
    label.htmlFor = id;
    input.id = id;
    input.type = "search";
    input.placeholder = placeholder;
    button.type = "submit";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(button);
    [style, form, status, list].forEach(function (n) { root.appendChild(n); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = input.value.trim();
      if (!q) return;
      status.textContent = "Searching…";
      fetch(server + "/search?q=" + encodeURIComponent(q) + "&limit=" + limit)
        .then(function (r) {
          return r.json().then(function (j) {
            if (!r.ok) throw new Error(j && j.error ? j.error.message : "HTTP " + r.status);
            return j;
          });
        })
        .then(function (r) {
          list.textContent = "";
          (r.hits || []).forEach(function (h) {
            var li = el("li"), a = el("a", h.id), p = el("p");
            a.href = server + "/p/" + encodeURIComponent(h.id).replace(/%3A/g, ":");
            a.target = "_blank";
            a.rel = "noopener";
            li.appendChild(a);
            li.appendChild(el("span", " " + [h.part, h.section || h.heading].filter(Boolean).join(" · "), "m"));
            p.appendChild(snippet(h.snippet || ""));
            li.appendChild(p);
            list.appendChild(li);
          });
          status.textContent = r.total === 0 ? "No passage matches." :
            r.total + (r.total === 1 ? " passage matches." : " passages match.") +
            (r.suggestion ? " Did you mean: " + r.suggestion + "?" : "");
        })
        .catch(function (err) {
          status.textContent = "Search failed: " + err.message;
        });
    });
  }

  function start() {
    var host = document.querySelector(target);
    if (host && !host.shadowRoot) mount(host);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
