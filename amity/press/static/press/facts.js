// Keyboard for the confirming screen (the legend above the table lists the keys): j or ↓ next
// fact, k or ↑ previous, a accept, r reject, e correct the value (Enter accepts the correction),
// t or 1–9 what the fact becomes, m the metric of a figure, Esc back to the facts.
// No inline script (CSP).
(function () {
  const rows = Array.from(document.querySelectorAll("tr[data-fact]"));
  if (!rows.length) return;
  let current = Math.max(0, rows.findIndex((r) => r.dataset.status === "proposed"));
  const hash = window.location.hash && document.querySelector(window.location.hash);
  if (hash && rows.includes(hash)) {
    const after = rows.slice(rows.indexOf(hash)).findIndex((r) => r.dataset.status === "proposed");
    if (after >= 0) current = rows.indexOf(hash) + after;
  }
  function show(i) {
    rows.forEach((r) => { r.classList.remove("current"); r.removeAttribute("aria-current"); });
    current = Math.min(Math.max(i, 0), rows.length - 1);
    rows[current].classList.add("current");
    rows[current].setAttribute("aria-current", "true");
    rows[current].focus();
  }
  show(current);
  rows.forEach((row, i) => row.addEventListener("click", function (event) {
    if (!event.target.matches("input, select, button, option")) show(i);
  }));
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.matches("input, select, textarea") && event.key !== "Escape") return;
    const row = rows[current];
    const click = (selector) => { const b = row.querySelector(selector); if (b) b.click(); };
    const focus = (selector) => { const f = row.querySelector(selector); if (f) f.focus(); };
    const target = row.querySelector("[data-target]");
    if (event.key === "j" || event.key === "ArrowDown") show(current + 1);
    else if (event.key === "k" || event.key === "ArrowUp") show(current - 1);
    else if (event.key === "a") click("[data-accept]");
    else if (event.key === "r") click("[data-reject]");
    else if (event.key === "t") focus("[data-target]");
    else if (event.key === "m") focus("[data-metric]");
    else if (/^[1-9]$/.test(event.key) && target && target.options.length >= Number(event.key)) {
      target.selectedIndex = Number(event.key) - 1;
    } else if (event.key === "e") {
      const c = row.querySelector("[data-corrected]");
      if (c) {
        c.classList.remove("d-none");
        if (!c.value) c.value = c.dataset.value || "";
        c.focus();
      }
    } else if (event.key === "Escape") { event.target.blur(); row.focus(); }
    else return;
    event.preventDefault();
  });
})();
