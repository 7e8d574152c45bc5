// Nothing typed is lost when a session ends (issue 23). Three pieces, hooked by data attributes:
//
// - Drafts. A form with data-draft="district:round:area" keeps what is typed in this browser's
//   localStorage, under a name made from the account's tag (body[data-draft-account]) and
//   encrypted with the account's key (body[data-draft-secret], AES-GCM): another account on the
//   same computer neither finds nor reads it. It survives a closed tab and a crash; after the
//   page loads again it is offered back with a prompt, never applied by itself. It is dropped
//   when a save is accepted, when the officer discards it, and for the whole account when the
//   logout form (form[data-draft-clear]) is sent.
// - Saves the server cannot take as they are. The answer carries the header WTS-Keep-Form
//   (wts/accounts/drafts.py): "session" (the session ended) or "csrf" (the form's token went
//   stale after a new login elsewhere). The form is not swapped: it keeps what was typed and shows
//   the server's line in its own panel; for "csrf" the page fetches a fresh token, so the next
//   press saves.
// - A warning a few minutes before the idle timeout, with a button that keeps the session.
(function () {
  "use strict";
  var body = document.body;
  if (!body) { return; }
  var PREFIX = "wts-draft:";
  var account = body.getAttribute("data-draft-account");
  var KEEP = "WTS-Keep-Form";

  function text(name, values) {
    var holder = document.getElementById("safety-text");
    var el = holder && holder.content.querySelector("[data-text='" + name + "']");
    var s = el ? el.textContent : name;
    Object.keys(values || {}).forEach(function (k) { s = s.split("%(" + k + ")s").join(values[k]); });
    return s;
  }

  function thaiDateTime(ms) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {timeZone: "Asia/Bangkok", year: "numeric", month: "numeric", day: "numeric",
                                      hour: "2-digit", minute: "2-digit", hour12: false})
      .formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
    var months = text("months").split(" ");
    return parts.day.replace(/^0/, "") + " " + months[Number(parts.month) - 1] + " " + (Number(parts.year) + 543) +
      " " + text("at-time", {time: parts.hour + ":" + parts.minute});
  }

  // --- storage, sealed per account ----------------------------------------------------------
  var keyPromise = null;
  function cryptoKey() {
    if (keyPromise) { return keyPromise; }
    var secret = body.getAttribute("data-draft-secret");
    if (!secret || !(window.crypto && window.crypto.subtle)) {
      keyPromise = Promise.resolve(null);  // not a secure context: kept under the account's name only
    } else {
      var raw = Uint8Array.from(atob(secret), function (c) { return c.charCodeAt(0); });
      keyPromise = window.crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"])
        .catch(function () { return null; });
    }
    return keyPromise;
  }
  function toBase64(buffer) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer)));
  }
  function fromBase64(s) {
    return Uint8Array.from(atob(s), function (c) { return c.charCodeAt(0); });
  }
  function seal(data) {
    return cryptoKey().then(function (key) {
      var plain = JSON.stringify(data);
      if (!key) { return JSON.stringify({plain: plain}); }
      var iv = window.crypto.getRandomValues(new Uint8Array(12));
      return window.crypto.subtle.encrypt({name: "AES-GCM", iv: iv}, key, new TextEncoder().encode(plain))
        .then(function (sealed) { return JSON.stringify({iv: toBase64(iv), sealed: toBase64(sealed)}); });
    });
  }
  function unseal(stored) {
    var box;
    try { box = JSON.parse(stored); } catch (e) { return Promise.resolve(null); }
    if (box.plain) { return Promise.resolve(JSON.parse(box.plain)); }
    return cryptoKey().then(function (key) {
      if (!key || !box.iv) { return null; }
      return window.crypto.subtle.decrypt({name: "AES-GCM", iv: fromBase64(box.iv)}, key, fromBase64(box.sealed))
        .then(function (plain) { return JSON.parse(new TextDecoder().decode(plain)); });
    }).catch(function () { return null; });  // another key (a new password): unreadable, ignored
  }
  function storageName(form) {
    var scope = form.getAttribute("data-draft");
    return account && scope ? PREFIX + account + ":" + scope : null;
  }
  function store(name, value) {
    try { window.localStorage.setItem(name, value); } catch (e) { /* full or disabled: the page still has it */ }
  }
  function drop(name) {
    try { window.localStorage.removeItem(name); } catch (e) { /* nothing kept */ }
  }
  function read(name) {
    try { return window.localStorage.getItem(name); } catch (e) { return null; }
  }

  // --- the form's fields ----------------------------------------------------------------------
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && !el.disabled &&
        ["submit", "button", "file", "reset"].indexOf(el.type) < 0;
    });
  }
  function valuesOf(form) {
    var values = {};
    fields(form).forEach(function (el) {
      values[el.name] = el.type === "checkbox" || el.type === "radio" ? (el.checked ? el.value : "") : el.value;
    });
    return values;
  }
  // Fields a person types in, as opposed to what the page keeps for the server (versions, originals).
  function typedNames(form, values) {
    return Object.keys(values).filter(function (name) {
      var el = form.elements[name];
      return el && el.type !== "hidden";
    });
  }
  function differing(form, draft) {
    var now = valuesOf(form);
    return typedNames(form, draft.values).filter(function (name) {
      return name in now && now[name] !== draft.values[name];
    });
  }

  var timers = {};
  function keep(form) {
    var name = storageName(form);
    if (!name) { return; }
    window.clearTimeout(timers[name]);
    timers[name] = window.setTimeout(function () {
      var data = {values: valuesOf(form), at: Date.now(), path: window.location.pathname};
      seal(data).then(function (sealed) { if (timers[name] !== null) { store(name, sealed); } });
    }, 250);
  }
  function forget(name) {
    window.clearTimeout(timers[name]);
    timers[name] = null;
    drop(name);
  }
  function draftForm(el) { return el && el.closest ? el.closest("form[data-draft]") : null; }

  document.addEventListener("input", function (event) {
    var form = draftForm(event.target);
    if (form) { timers[storageName(form)] = undefined; keep(form); }
  });
  document.addEventListener("change", function (event) {
    var form = draftForm(event.target);
    if (form) { timers[storageName(form)] = undefined; keep(form); }
  });

  // --- the offer after the page loads again ---------------------------------------------------
  function offer(form) {
    var name = storageName(form);
    if (!name || form.hasAttribute("data-draft-offered")) { return; }
    form.setAttribute("data-draft-offered", "");
    var stored = read(name);
    if (!stored) { return; }
    unseal(stored).then(function (draft) {
      if (!draft || !draft.values) { return; }
      var changed = differing(form, draft);
      if (!changed.length) { drop(name); return; }  // saved since (or typed back as it is)
      var box = document.createElement("div");
      box.className = "notice draft-offer";
      box.setAttribute("role", "alert");
      box.setAttribute("data-draft-offer", "");
      var title = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = text("offer-title");
      title.appendChild(strong);
      title.appendChild(document.createTextNode(" " + text("offer-detail", {when: thaiDateTime(draft.at), n: changed.length})));
      var apply = document.createElement("button");
      apply.type = "button";
      apply.className = "btn";
      apply.setAttribute("data-draft-apply", "");
      apply.textContent = text("offer-apply");
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-secondary";
      discard.setAttribute("data-draft-discard", "");
      discard.textContent = text("offer-discard");
      box.appendChild(title);
      box.appendChild(apply);
      box.appendChild(document.createTextNode(" "));
      box.appendChild(discard);
      form.insertBefore(box, form.firstChild);
      apply.addEventListener("click", function () {
        Object.keys(draft.values).forEach(function (field) {
          var el = form.elements[field];
          if (!el || el.type === "file") { return; }
          if (el.type === "checkbox") { el.checked = draft.values[field] !== ""; } else { el.value = draft.values[field]; }
          var note = el.closest ? el.closest("details") : null;
          if (note && draft.values[field]) { note.open = true; }
        });
        form.setAttribute("data-dirty", "");
        box.textContent = text("applied");
        box.setAttribute("role", "status");
        keep(form);
      });
      discard.addEventListener("click", function () {
        forget(name);
        box.remove();
      });
    });
  }
  function offerAll(root) {
    (root || document).querySelectorAll("form[data-draft]").forEach(offer);
  }
  document.addEventListener("DOMContentLoaded", function () { offerAll(); });
  if (document.readyState !== "loading") { offerAll(); }

  // --- saves in place -----------------------------------------------------------------------
  function formToken() {
    var url = body.getAttribute("data-form-token-url");
    return window.fetch(url, {credentials: "same-origin", redirect: "manual", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : {signed_in: false}; })
      .catch(function () { return {signed_in: false}; });
  }
  function renewToken() {
    return formToken().then(function (answer) {
      if (answer.token) {
        document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { input.value = answer.token; });
      }
      return answer;
    });
  }
  function showInForm(form, html) {
    var old = form.querySelector("[data-keep-form-note]");
    if (old) { old.remove(); }
    var holder = document.createElement("div");
    holder.setAttribute("data-keep-form-note", "");
    holder.innerHTML = html;
    var actions = form.querySelector(".sticky-actions");
    if (actions) { actions.appendChild(holder); } else { form.insertBefore(holder, form.firstChild); }
    var focusable = holder.querySelector("[role=alert]");
    if (focusable) { focusable.setAttribute("tabindex", "-1"); focusable.focus(); }
  }
  function saveFormOf(event) {
    var elt = event.detail && (event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt);
    return elt && elt.closest ? elt.closest("form") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = saveFormOf(event);
    if (!form) { return; }
    var note = form.querySelector("[data-keep-form-note]");
    if (note) { note.remove(); }
    form.setAttribute("data-draft-pending", storageName(form) || "");
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var kind = xhr.getResponseHeader(KEEP);
    if (!kind) { return; }
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    var form = saveFormOf(event);
    if (!form) { return; }
    form.setAttribute("data-dirty", "");
    var html = xhr.responseText;
    if (kind === "csrf") {
      renewToken().then(function () { showInForm(form, html); });
    } else {
      showInForm(form, html);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = saveFormOf(event);
    var xhr = event.detail.xhr;
    if (!form || !xhr || (event.detail.requestConfig && event.detail.requestConfig.verb !== "post")) { return; }
    var name = form.getAttribute("data-draft-pending");
    if (name && (xhr.status === 200 || xhr.status === 204) && !xhr.getResponseHeader(KEEP)) { forget(name); }
  });
  document.addEventListener("htmx:afterSwap", function () { offerAll(); });
  // The way to the login page from a kept form: the draft is safe, no "leave the page?" question.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-draft-safe]") : null;
    if (link) {
      document.querySelectorAll("form[data-dirty]").forEach(function (form) {
        if (form.hasAttribute("data-draft")) { form.removeAttribute("data-dirty"); }
      });
    }
  });
  // Logging out drops the account's drafts from this computer.
  document.addEventListener("submit", function (event) {
    if (!(event.target.matches && event.target.matches("form[data-draft-clear]")) || !account) { return; }
    try {
      var names = [];
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var name = window.localStorage.key(i);
        if (name && name.indexOf(PREFIX + account + ":") === 0) { names.push(name); }
      }
      names.forEach(forget);
    } catch (e) { /* storage disabled: nothing kept */ }
    document.querySelectorAll("form[data-dirty]").forEach(function (form) { form.removeAttribute("data-dirty"); });
  }, true);

  // --- the warning before the idle timeout ----------------------------------------------------
  var expiresIn = Number(body.getAttribute("data-session-expires-in"));
  var idle = Number(body.getAttribute("data-session-idle"));
  var slack = Number(body.getAttribute("data-session-slack")) || 0;
  var keepAliveUrl = body.getAttribute("data-keep-alive-url");
  if (!keepAliveUrl || !idle) { return; }
  var WARN_BEFORE = Math.min(5 * 60, Math.floor(idle / 4)) * 1000;
  var endsAt = Date.now() + expiresIn * 1000;
  var warning = null;
  var ticker = null;

  // Any request that is activity moves the end later; the server stamps activity only every
  // `slack` seconds, so the end counted here is the earliest it can be.
  function extend() {
    endsAt = Math.max(endsAt, Date.now() + (idle - slack) * 1000);
    schedule();
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    var path = event.detail.requestConfig ? event.detail.requestConfig.path : "";
    if (path && path.indexOf("/notifications/bell/") < 0 && event.detail.xhr && event.detail.xhr.status < 400) { extend(); }
  });
  function hideWarning() {
    if (warning) { warning.remove(); warning = null; }
  }
  function showWarning() {
    var minutes = Math.max(1, Math.round((endsAt - Date.now()) / 60000));
    if (!warning) {
      warning = document.createElement("div");
      warning.className = "notice session-warning";
      warning.setAttribute("role", "alert");
      warning.setAttribute("data-session-warning", "");
      var message = document.createElement("span");
      var stay = document.createElement("button");
      stay.type = "button";
      stay.className = "btn";
      stay.setAttribute("data-session-stay", "");
      stay.textContent = text("idle-stay");
      stay.addEventListener("click", keepAlive);
      warning.appendChild(message);
      warning.appendChild(document.createTextNode(" "));
      warning.appendChild(stay);
      var main = document.getElementById("main") || body;
      main.insertBefore(warning, main.firstChild);
    }
    if (Date.now() >= endsAt) {
      warning.firstChild.textContent = text("idle-ended");
      warning.querySelector("button").hidden = true;
    } else {
      warning.firstChild.textContent = text("idle-warning", {n: minutes});
    }
  }
  function tick() {
    if (Date.now() >= endsAt - WARN_BEFORE) { showWarning(); } else { hideWarning(); }
  }
  function schedule() {
    window.clearInterval(ticker);
    ticker = window.setInterval(tick, 15000);
    tick();
  }
  function keepAlive() {
    renewToken().then(function (answer) {
      if (!answer.signed_in) { endsAt = Date.now(); showWarning(); return null; }
      return window.fetch(keepAliveUrl, {method: "POST", credentials: "same-origin", redirect: "manual",
                                         headers: {"X-CSRFToken": answer.token, Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {signed_in: false}; })
        .then(function (kept) {
          if (!kept.signed_in) { endsAt = Date.now(); showWarning(); return; }
          endsAt = Date.now() + kept.expires_in * 1000;
          hideWarning();
          schedule();
        });
    }).catch(function () { showWarning(); });
  }
  schedule();
})();
