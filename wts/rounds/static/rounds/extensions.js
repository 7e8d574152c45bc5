// The extension form: show the province or district choice that the chosen scope needs, narrow the
// district list to the chosen province, and show the confirmation date only when moving both.
// Without this script every field is shown and the grouped district list still works.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-extension-form]");
    if (!form) { return; }
    var province = form.querySelector("select[name=province]");
    var district = form.querySelector("select[name=district]");
    var alsoConfirm = form.querySelector("input[name=also_confirm]");
    function show(id, visible) {
      var el = document.getElementById(id);
      if (el) { el.hidden = !visible; }
    }
    function checked(name) {
      var el = form.querySelector("input[name=" + name + "]:checked");
      return el ? el.value : "";
    }
    function narrowDistricts() {
      var chosen = province.selectedIndex > 0 ? province.options[province.selectedIndex].text : "";
      district.querySelectorAll("optgroup").forEach(function (group) {
        var visible = !chosen || group.label === chosen;
        group.hidden = !visible;
        group.disabled = !visible;
      });
      var option = district.options[district.selectedIndex];
      if (option && option.parentNode.disabled) { district.value = ""; }
    }
    function update() {
      var scope = checked("scope");
      show("field-province", scope === "province" || scope === "district");
      show("field-district", scope === "district");
      var entry = checked("window") === "entry";
      show("field-also_confirm", entry);
      show("field-confirm_closes_at", entry && alsoConfirm.checked);
      narrowDistricts();
    }
    form.addEventListener("change", update);
    update();
  });
})();
