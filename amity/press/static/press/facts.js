// Keyboard for the confirming screen: j/k move between facts, a accepts, r rejects,
// e opens the corrected value, t focuses what the fact becomes. No inline script (CSP).
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
    rows.forEach((r) => r.classList.remove("current"));
    current = Math.min(Math.max(i, 0), rows.length - 1);
    rows[current].classList.add("current");
    rows[current].focus();
  }
  show(current);
  rows.forEach((row, i) => row.addEventListener("click", function (event) {
    if (!event.target.matches("input, select, button, option")) show(i);
  }));
  document.addEventListener("keydown", function (event) {
    if (event.target.matches("input, select, textarea") && event.key !== "Escape") return;
    const row = rows[current];
    const click = (selector) => { const b = row.querySelector(selector); if (b) b.click(); };
    if (event.key === "j") show(current + 1);
    else if (event.key === "k") show(current - 1);
    else if (event.key === "a") click("[data-accept]");
    else if (event.key === "r") click("[data-reject]");
    else if (event.key === "t") { const s = row.querySelector("[data-target]"); if (s) s.focus(); }
    else if (event.key === "e") {
      const c = row.querySelector("[data-corrected]");
      if (c) { c.classList.remove("d-none"); c.focus(); event.preventDefault(); }
    } else if (event.key === "Escape") { event.target.blur(); row.focus(); }
    else return;
    event.preventDefault();
  });
})();
