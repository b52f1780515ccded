// Reader comments, progressively enhanced: reply in place and post without a reload.
// Loaded as an external file (no inline script), so it works under a nonce-based CSP.
(function () {
  "use strict";

  function setup(section) {
    var form = section.querySelector("[data-comment-form]");
    if (!form) return;
    var respond = form.closest(".comment-respond");
    var home = respond.parentNode;
    var homeNext = respond.nextSibling;
    var replying = form.querySelector("[data-comment-replying]");
    var parentInput = form.querySelector("input[name=parent]");
    var notices = section.querySelector("[data-comments-notices]");

    function notify(text) {
      notices.textContent = "";
      var p = document.createElement("p");
      p.className = "comments__notice";
      p.textContent = text;
      notices.appendChild(p);
    }

    section.addEventListener("click", function (event) {
      var reply = event.target.closest("[data-comment-reply]");
      var cancel = event.target.closest("[data-comment-cancel-reply]");
      if (reply) {
        event.preventDefault();
        parentInput.value = reply.getAttribute("data-comment-reply");
        reply.closest("article").after(respond);
        replying.hidden = false;
        form.querySelector("textarea").focus();
      } else if (cancel) {
        event.preventDefault();
        parentInput.value = "";
        home.insertBefore(respond, homeNext);
        replying.hidden = true;
      }
    });

    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      form.querySelectorAll(".comment-form__error[data-js]").forEach(function (el) { el.remove(); });
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (result) {
          var data = result.data;
          if (!result.ok) {
            Object.keys(data.errors || {}).forEach(function (name) {
              var field = form.querySelector("[name=" + (name === "__all__" ? "body" : name) + "]");
              data.errors[name].forEach(function (error) {
                var strong = document.createElement("strong");
                strong.className = "comment-form__error";
                strong.setAttribute("role", "alert");
                strong.setAttribute("data-js", "");
                strong.textContent = error.message;
                (field ? field.parentNode : form).appendChild(strong);
              });
            });
            return;
          }
          notify(data.message);
          if (data.html) {
            var list = parentInput.value
              ? respond.closest("li")
              : section.querySelector("[data-comments-list]");
            if (parentInput.value) {
              var replies = list.querySelector(":scope > .comments__replies");
              if (!replies) {
                replies = document.createElement("ol");
                replies.className = "comments__replies";
                list.appendChild(replies);
              }
              list = replies;
            }
            list.hidden = false;
            var empty = section.querySelector("[data-comments-empty]");
            if (empty) empty.remove();
            list.insertAdjacentHTML("beforeend", data.html);
          }
          form.querySelector("textarea").value = "";
          // Each token posts once: the next comment from this form needs the new one.
          if (data.token) form.querySelector("input[name=token]").value = data.token;
          parentInput.value = "";
          home.insertBefore(respond, homeNext);
          replying.hidden = true;
        })
        .catch(function () {
          // Network trouble: fall back to an ordinary submission.
          form.submit();
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  }

  document.querySelectorAll("[data-comments]").forEach(setup);
})();
