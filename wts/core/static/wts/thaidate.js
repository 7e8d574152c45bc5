// The Thai calendar picker: enhances every input[data-thai-date] (วว/ดด/ปปปป, Buddhist Era) with a
// button that opens a calendar in Thai month names and BE years. The input stays a plain text box:
// typing works without this script, and the server's parser is the judge of what is valid.
(function () {
  "use strict";
  if (window.wtsThaiDate) { return; }  // loaded twice (base page and form media): enhance once

  var BE_OFFSET = 543;
  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var WEEKDAYS = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  var WEEKDAYS_LONG = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"];
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  var YEARS_BEFORE = 10;
  var YEARS_AFTER = 5;
  var counter = 0;

  // Dates are plain {y, m, d} (Gregorian, m 0-11) handled in UTC, so no browser time zone or
  // daylight saving rule can move a day.
  function utc(y, m, d) { return new Date(Date.UTC(y, m, d)); }
  function parts(date) { return { y: date.getUTCFullYear(), m: date.getUTCMonth(), d: date.getUTCDate() }; }
  function addDays(p, n) { return parts(utc(p.y, p.m, p.d + n)); }
  function daysIn(y, m) { return utc(y, m + 1, 0).getUTCDate(); }
  function addMonths(p, n) {
    var first = parts(utc(p.y, p.m + n, 1));
    return { y: first.y, m: first.m, d: Math.min(p.d, daysIn(first.y, first.m)) };
  }
  function same(a, b) { return !!a && !!b && a.y === b.y && a.m === b.m && a.d === b.d; }
  function todayInBangkok() { return parts(new Date(Date.now() + 7 * 3600 * 1000)); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(p) { return pad(p.d) + "/" + pad(p.m + 1) + "/" + (p.y + BE_OFFSET); }
  function longLabel(p) {
    var weekday = WEEKDAYS_LONG[utc(p.y, p.m, p.d).getUTCDay()];
    return "วัน" + weekday + "ที่ " + p.d + " " + MONTHS[p.m] + " " + (p.y + BE_OFFSET);
  }
  function toArabic(text) {
    return text.replace(/[๐-๙]/g, function (ch) { return String(THAI_DIGITS.indexOf(ch)); });
  }

  // Reads what the person typed, in the same shape the server accepts; anything else is null and
  // the calendar opens on today instead.
  function parse(text) {
    var match = /^\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\s*$/.exec(toArabic(text || ""));
    if (!match) { return null; }
    var d = +match[1], m = +match[2] - 1, be = +match[3];
    if (be < 2500 || be > 2700 || m < 0 || m > 11 || d < 1 || d > daysIn(be - BE_OFFSET, m)) { return null; }
    return { y: be - BE_OFFSET, m: m, d: d };
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var ICON = '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
    '<rect x="3" y="5" width="18" height="16" rx="2" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M3 10h18M8 3v4M16 3v4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>' +
    '<rect x="7" y="13" width="3" height="3" fill="currentColor"/></svg>';

  function Picker(input) {
    this.input = input;
    this.id = "thai-cal-" + (++counter);
    this.button = el("button", {
      type: "button", "class": "thai-date-button", "aria-haspopup": "dialog", "aria-expanded": "false",
      "aria-controls": this.id, "aria-label": "เลือกวันที่จากปฏิทิน (พ.ศ.)", title: "เลือกวันที่จากปฏิทิน"
    });
    this.button.innerHTML = ICON;
    input.insertAdjacentElement("afterend", this.button);
    this.dialog = null;
    this.button.addEventListener("click", this.toggle.bind(this));
    input.setAttribute("data-thai-date-ready", "");
  }

  Picker.prototype.toggle = function () {
    if (this.dialog) { this.close(true); } else { this.open(); }
  };

  Picker.prototype.open = function () {
    closeAll();
    this.selected = parse(this.input.value);
    this.focused = this.selected || todayInBangkok();
    this.build();
    this.render(true);
    this.button.setAttribute("aria-expanded", "true");
    open.push(this);
  };

  Picker.prototype.close = function (returnFocus) {
    if (!this.dialog) { return; }
    this.dialog.remove();
    this.dialog = null;
    this.button.setAttribute("aria-expanded", "false");
    open.splice(open.indexOf(this), 1);
    if (returnFocus) { this.button.focus(); }
  };

  Picker.prototype.build = function () {
    var self = this;
    var dialog = el("div", { id: this.id, "class": "thai-cal", role: "dialog", "aria-modal": "false",
      "aria-labelledby": this.id + "-title" });
    var title = el("h2", { id: this.id + "-title", "class": "thai-cal-title" }, "เลือกวันที่ (พ.ศ.)");
    var nav = el("div", { "class": "thai-cal-nav" });
    this.prev = el("button", { type: "button", "class": "thai-cal-step", "aria-label": "เดือนก่อนหน้า" }, "‹");
    this.next = el("button", { type: "button", "class": "thai-cal-step", "aria-label": "เดือนถัดไป" }, "›");
    this.month = el("select", { "class": "thai-cal-month", "aria-label": "เดือน" });
    MONTHS.forEach(function (name, i) { self.month.appendChild(el("option", { value: String(i) }, name)); });
    this.year = el("select", { "class": "thai-cal-year", "aria-label": "ปี พ.ศ." });
    nav.append(this.prev, this.month, this.year, this.next);
    this.caption = el("p", { "class": "thai-cal-caption", "aria-live": "polite", id: this.id + "-caption" });
    this.grid = el("table", { "class": "thai-cal-grid", role: "grid", "aria-labelledby": this.id + "-caption" });
    var head = el("tr");
    WEEKDAYS.forEach(function (name, i) {
      var th = el("th", { scope: "col", abbr: WEEKDAYS_LONG[i] }, name);
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    this.body = el("tbody");
    this.grid.append(thead, this.body);
    var foot = el("div", { "class": "thai-cal-foot" });
    var today = el("button", { type: "button", "class": "thai-cal-today" }, "วันนี้");
    var close = el("button", { type: "button", "class": "thai-cal-close" }, "ปิด");
    foot.append(today, close);
    dialog.append(title, nav, this.caption, this.grid, foot);

    this.prev.addEventListener("click", function () { self.move(addMonths(self.focused, -1), false); });
    this.next.addEventListener("click", function () { self.move(addMonths(self.focused, 1), false); });
    this.month.addEventListener("change", function () {
      self.move(addMonths(self.focused, +self.month.value - self.focused.m), false);
    });
    this.year.addEventListener("change", function () {
      self.move(addMonths(self.focused, 12 * (+self.year.value - BE_OFFSET - self.focused.y)), false);
    });
    today.addEventListener("click", function () { self.choose(todayInBangkok()); });
    close.addEventListener("click", function () { self.close(true); });
    this.body.addEventListener("click", function (event) {
      var target = event.target.closest("button[data-date]");
      if (target) { self.choose(self.fromButton(target)); }
    });
    this.grid.addEventListener("keydown", this.onGridKey.bind(this));
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); self.close(true); }
    });
    this.button.insertAdjacentElement("afterend", dialog);
    this.dialog = dialog;
  };

  Picker.prototype.fromButton = function (button) {
    var bits = button.getAttribute("data-date").split("-");
    return { y: +bits[0], m: +bits[1], d: +bits[2] };
  };

  Picker.prototype.render = function (focusGrid) {
    var f = this.focused, today = todayInBangkok(), self = this;
    this.caption.textContent = MONTHS[f.m] + " " + (f.y + BE_OFFSET);
    this.month.value = String(f.m);
    var beYear = f.y + BE_OFFSET, thisYear = today.y + BE_OFFSET;
    var low = Math.min(thisYear - YEARS_BEFORE, beYear), high = Math.max(thisYear + YEARS_AFTER, beYear);
    this.year.textContent = "";
    for (var y = low; y <= high; y++) { this.year.appendChild(el("option", { value: String(y) }, String(y))); }
    this.year.value = String(beYear);
    this.body.textContent = "";
    var lead = utc(f.y, f.m, 1).getUTCDay();
    var total = daysIn(f.y, f.m);
    var row = el("tr");
    for (var i = 0; i < lead; i++) { row.appendChild(el("td", { role: "gridcell", "aria-hidden": "true" })); }
    for (var d = 1; d <= total; d++) {
      var p = { y: f.y, m: f.m, d: d };
      var cell = el("td", { role: "gridcell" });
      var button = el("button", { type: "button", tabindex: d === f.d ? "0" : "-1",
        "data-date": p.y + "-" + p.m + "-" + p.d, "aria-label": longLabel(p) }, String(d));
      if (same(p, today)) { button.setAttribute("aria-current", "date"); button.classList.add("is-today"); }
      if (same(p, this.selected)) { cell.setAttribute("aria-selected", "true"); button.classList.add("is-selected"); }
      cell.appendChild(button);
      row.appendChild(cell);
      if ((lead + d) % 7 === 0 || d === total) {
        this.body.appendChild(row);
        row = el("tr");
      }
    }
    if (focusGrid) {
      var current = this.body.querySelector("button[tabindex='0']");
      if (current) { current.focus(); }
    }
    self.keepInView();
  };

  // On a narrow screen the calendar is a sheet fixed to the viewport (CSS); on a wide one it drops
  // below the input, flipped to the left when it would run off the right edge.
  Picker.prototype.keepInView = function () {
    var dialog = this.dialog;
    dialog.classList.remove("thai-cal-flip");
    var box = dialog.getBoundingClientRect();
    if (box.right > document.documentElement.clientWidth) { dialog.classList.add("thai-cal-flip"); }
  };

  Picker.prototype.move = function (p, focusGrid) {
    this.focused = p;
    this.render(focusGrid);
  };

  Picker.prototype.choose = function (p) {
    this.input.value = format(p);
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.close(false);
    this.input.focus();
  };

  Picker.prototype.onGridKey = function (event) {
    var f = this.focused, next = null;
    switch (event.key) {
      case "ArrowLeft": next = addDays(f, -1); break;
      case "ArrowRight": next = addDays(f, 1); break;
      case "ArrowUp": next = addDays(f, -7); break;
      case "ArrowDown": next = addDays(f, 7); break;
      case "Home": next = addDays(f, -utc(f.y, f.m, f.d).getUTCDay()); break;
      case "End": next = addDays(f, 6 - utc(f.y, f.m, f.d).getUTCDay()); break;
      case "PageUp": next = addMonths(f, event.shiftKey ? -12 : -1); break;
      case "PageDown": next = addMonths(f, event.shiftKey ? 12 : 1); break;
      case "Enter":
      case " ":
        event.preventDefault();
        this.choose(f);
        return;
      default: return;
    }
    event.preventDefault();
    this.move(next, true);
  };

  var open = [];
  function closeAll() { open.slice().forEach(function (picker) { picker.close(false); }); }

  document.addEventListener("click", function (event) {
    open.slice().forEach(function (picker) {
      if (!picker.dialog.contains(event.target) && !picker.button.contains(event.target)) { picker.close(false); }
    });
  });
  document.addEventListener("focusin", function (event) {
    open.slice().forEach(function (picker) {
      if (!picker.dialog.contains(event.target) && event.target !== picker.button && event.target !== picker.input) {
        picker.close(false);
      }
    });
  });

  function enhance(root) {
    if (!root || !root.querySelectorAll) { return; }
    var inputs = Array.prototype.slice.call(root.querySelectorAll("input[data-thai-date]:not([data-thai-date-ready])"));
    if (root.matches && root.matches("input[data-thai-date]:not([data-thai-date-ready])")) { inputs.push(root); }
    inputs.forEach(function (input) { new Picker(input); });
  }

  window.wtsThaiDate = { enhance: enhance, parse: parse, format: format };
  // htmx announces every piece of content it loads (and the page itself, once it starts).
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
