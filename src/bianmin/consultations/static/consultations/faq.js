// 编写答复: a frequent question fills the FAQ form, so the director only writes the answer.
document.querySelectorAll("button.write-faq").forEach(function (b) {
  b.addEventListener("click", function () {
    var f = document.getElementById("faq-form");
    f.elements.item.value = b.dataset.item;
    f.elements.question.value = b.dataset.question;
    f.elements.asked.value = b.dataset.asked;
    f.elements.answer.focus();
  });
});
