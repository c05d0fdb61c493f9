// The review page: confirm or reject one alias's links with a click. Each button posts to
// the write API (POST /api/entities/confirm, or /api/entities/split with the alias) with the
// token typed in the page, kept for this tab only; the item leaves the list once the
// judgement is recorded. No inline script: the page allows only files from this site.
(function () {
  "use strict";
  var list = document.getElementById("review");
  var token = document.getElementById("review-token");
  if (!list || !token) {
    return;
  }
  token.value = sessionStorage.getItem("cablescope-token") || "";
  token.addEventListener("change", function () {
    sessionStorage.setItem("cablescope-token", token.value);
  });

  function judge(item, route) {
    var status = item.querySelector(".status");
    var buttons = item.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    status.textContent = "judging… (the entities are resolved again)";
    fetch("/api/entities/" + route, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        Authorization: "Bearer " + token.value
      },
      body: JSON.stringify({ id: item.getAttribute("data-entity"), alias: item.getAttribute("data-alias") })
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          throw new Error(answer.body.error ? answer.body.error.message : "the judgement failed");
        }
        item.remove();
        if (!list.querySelector("li")) {
          var empty = document.createElement("li");
          empty.className = "muted";
          empty.id = "review-empty";
          empty.textContent = "No link left to review here; reload for more.";
          list.appendChild(empty);
        }
      })
      .catch(function (error) {
        status.textContent = error.message;
        buttons.forEach(function (b) { b.disabled = false; });
      });
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    var item = button && button.closest("li");
    if (!item) {
      return;
    }
    judge(item, button.classList.contains("confirm") ? "confirm" : "split");
  });
})();
