/* 一窗受理: live item search, the GB 11643 check as the number is typed, and showing the fields that apply.
   Everything here is a convenience: the page works without JavaScript and the server checks again. */
(function () {
  "use strict";

  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = "10X98765432"; // sum mod 11 → check character

  // True when an 18-character resident ID has a real birth date and the right check character.
  function validResidentId(value) {
    var id = value.trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(id)) return false;
    var y = +id.slice(6, 10), m = +id.slice(10, 12), d = +id.slice(12, 14);
    var born = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) return false;
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += (+id.charAt(i)) * WEIGHTS[i];
    return CHECK.charAt(sum % 11) === id.charAt(17);
  }
  window.bianminValidResidentId = validResidentId;

  function liveSearch() {
    var input = document.getElementById("item-q");
    var results = document.getElementById("item-results");
    if (!input || !results || !window.fetch) return;
    var timer = null, last = input.value;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q === last) return;
        last = q;
        var url = input.getAttribute("data-partial-url") + "?partial=1&q=" + encodeURIComponent(q);
        fetch(url, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) { if (input.value.trim() === q) results.innerHTML = html; });
      }, 250);
    });
  }

  function intakeForm() {
    var form = document.getElementById("intake-form");
    if (!form) return;
    var idInput = form.querySelector("input.id-number");
    var idType = form.querySelector("select[name=id_type]");
    var out = document.getElementById("id-check");
    var agentBox = form.querySelector("input[name=has_agent]");
    var agentId = form.querySelector("input[name=agent_id_number]");

    function kind() {
      var checked = form.querySelector("input[name=applicant_kind]:checked");
      return checked ? checked.value : "person";
    }
    function checksResidentId() {
      return kind() === "person" && (!idType || idType.value === "resident_id");
    }
    function showIdCheck() {
      var value = idInput.value.trim();
      if (!checksResidentId() || value === "") {
        out.textContent = "";
        out.className = "check";
        idInput.removeAttribute("aria-invalid");
        return true;
      }
      var ok = validResidentId(value);
      // While typing, judge only a complete number; a short one is not wrong yet.
      if (!ok && value.length < 18) { out.textContent = ""; out.className = "check"; return false; }
      out.textContent = form.getAttribute(ok ? "data-msg-id-ok" : "data-msg-id-bad");
      out.className = "check " + (ok ? "ok" : "error");
      idInput.setAttribute("aria-invalid", ok ? "false" : "true");
      return ok;
    }
    function showParts() {
      var person = kind() === "person";
      form.querySelectorAll(".person-only").forEach(function (el) { el.hidden = !person; });
      form.querySelectorAll(".org-only").forEach(function (el) { el.hidden = person; });
      form.querySelectorAll(".agent-fields").forEach(function (el) { el.hidden = !agentBox.checked; });
      showIdCheck();
    }

    idInput.addEventListener("input", showIdCheck);
    if (idType) idType.addEventListener("change", showParts);
    agentBox.addEventListener("change", showParts);
    form.querySelectorAll("input[name=applicant_kind]").forEach(function (r) { r.addEventListener("change", showParts); });
    showParts();

    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (checksResidentId() && idInput.value.trim() !== "" && !validResidentId(idInput.value)) {
        out.textContent = form.getAttribute("data-msg-id-bad");
        out.className = "check error";
        idInput.focus();
        event.preventDefault();
        return;
      }
      if (agentBox.checked && agentId.value.trim() !== "" && !validResidentId(agentId.value)) {
        agentId.setAttribute("aria-invalid", "true");
        agentId.focus();
        event.preventDefault();
        return;
      }
      var reason = form.querySelector("textarea[name=reason]");
      if (button && button.value === "reject" && reason.value.trim() === "") {
        alert(form.getAttribute("data-msg-reason"));
        reason.focus();
        event.preventDefault();
      }
    });
  }

  // 老办事人: the clerk types the full ID number; the applicant's last case at this center fills in the rest.
  // POST, so the number stays out of URLs and logs; the answer shows it masked.
  function applicantLookup() {
    var form = document.getElementById("intake-form");
    var button = document.getElementById("applicant-lookup");
    if (!form || !button || !window.fetch || !window.FormData) return;
    var out = document.getElementById("lookup-result");
    button.hidden = false;
    button.addEventListener("click", function () {
      var number = form.querySelector("input[name=id_number]").value.trim();
      if (number === "") { form.querySelector("input[name=id_number]").focus(); return; }
      var body = new FormData();
      body.append("id_number", number);
      body.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
      button.disabled = true;
      fetch(button.getAttribute("data-url"), {method: "POST", body: body, credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          out.textContent = answer.detail || "";
          out.className = "lookup " + (answer.found ? "ok" : "error");
          if (!answer.found) return;
          var a = answer.applicant;
          var kind = form.querySelector("input[name=applicant_kind][value='" + a.kind + "']");
          if (kind) { kind.checked = true; kind.dispatchEvent(new Event("change")); }
          var idType = form.querySelector("select[name=id_type]");
          if (idType && a.id_type) idType.value = a.id_type;
          ["name", "phone", "address"].forEach(function (name) {
            var input = form.querySelector("[name=" + name + "]");
            if (input) input.value = a[name] || "";
          });
        })
        .catch(function () { out.textContent = ""; })
        .then(function () { button.disabled = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { liveSearch(); intakeForm(); applicantLookup(); });
})();
