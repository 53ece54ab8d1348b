// Submit forms whose controls ask for it (the language switcher), without inline script (CSP).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// Pickers: a <select data-autocomplete="URL"> becomes a searchable box (Tom Select, vendored) that
// asks the server as the user types; the server matches without diacritics and with typos, so
// the box shows its answers as they come (no filtering of its own).
// A picker with data-quick-add offers to add a record not yet there: its short form opens in a
// dialog (fetched from the server), is saved there, and the new record is chosen in the picker.
function amityQuickAdd(select, typed, callback) {
  var url = select.dataset.quickAdd;
  var dialog = document.createElement("div");
  dialog.className = "modal fade";
  dialog.tabIndex = -1;
  dialog.setAttribute("role", "dialog");
  dialog.innerHTML = '<div class="modal-dialog modal-dialog-scrollable"><div class="modal-content"></div></div>';
  document.body.appendChild(dialog);
  var content = dialog.querySelector(".modal-content");
  var modal = new bootstrap.Modal(dialog);
  var added = null;
  var show = function (html) {
    content.innerHTML = html;
    amityPickers(content);
    var form = content.querySelector("form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 201) {
            return response.json().then(function (json) { added = json; modal.hide(); });
          }
          return response.text().then(show);
        });
    });
    var first = form.querySelector("input:not([type=hidden]), select");
    if (first) { first.focus(); }
  };
  dialog.addEventListener("hidden.bs.modal", function () {
    callback(added || undefined);
    dialog.remove();
  });
  var sep = url.indexOf("?") === -1 ? "?" : "&";
  fetch(url + sep + "q=" + encodeURIComponent(typed), { credentials: "same-origin" })
    .then(function (response) { return response.text(); })
    .then(function (html) { show(html); modal.show(); });
}

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
    var quickAdd = select.dataset.quickAdd
      ? function (typed, callback) { amityQuickAdd(select, typed, callback); }
      : false;
    new TomSelect(select, {
      create: quickAdd,
      createOnBlur: false,
      persist: false,
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
        option_create: function (data, escape) {
          return '<div class="create">' + escape(select.dataset.quickAddLabel || "") + " <strong>" + escape(data.input) + "</strong>…</div>";
        },
      },
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { amityPickers(document); });
document.addEventListener("htmx:load", function (event) { amityPickers(event.detail.elt); });
