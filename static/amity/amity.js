// Submit forms whose controls ask for it (the language switcher), without inline script (CSP).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// Pickers: a <select data-autocomplete="URL"> becomes a searchable box (Tom Select, vendored) that
// asks the server as the user types; the server matches without diacritics and with typos, so
// the box shows its answers as they come (no filtering of its own).
function amityPickers(root) {
  if (typeof TomSelect === "undefined") {
    return;
  }
  root.querySelectorAll("select[data-autocomplete]").forEach(function (select) {
    if (select.tomselect) {
      return;
    }
    var url = select.dataset.autocomplete;
    var message = function (text) {
      var div = document.createElement("div");
      div.className = "no-results";
      div.textContent = text;
      return div;
    };
    new TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: [],
      maxOptions: null,
      loadThrottle: 250,
      plugins: select.multiple ? { remove_button: { title: select.dataset.remove } } : {},
      shouldLoad: function (query) {
        return query.trim().length > 0;
      },
      score: function () {
        return function () {
          return 1;
        };
      },
      load: function (query, callback) {
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (json) { callback(json.results); })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () { return message(select.dataset.noResults); },
        not_loading: function () { return message(select.dataset.typeToSearch); },
        loading: function () { return message(select.dataset.loading); },
      },
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { amityPickers(document); });
document.addEventListener("htmx:load", function (event) { amityPickers(event.detail.elt); });
