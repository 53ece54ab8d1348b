// Submit forms whose controls ask for it (the language switcher), without inline script (CSP).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.submit();
  }
});
