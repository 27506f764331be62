// 登记纠纷: "添加当事人" adds a row of party fields (a dispute has two parties or more), numbered after the last.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("add-party");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var body = document.querySelector("#party-rows tbody"), row = body.lastElementChild.cloneNode(true);
    var n = body.children.length;
    row.querySelectorAll("input, select").forEach(function (el) {
      el.name = el.name.replace(/party-\d+-/, "party-" + n + "-");
      if (el.tagName === "INPUT") { el.value = ""; }
    });
    body.appendChild(row);
  });
});
