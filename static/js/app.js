// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// A double click on a submit button sends the form once.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.submitted === "yes") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "yes";
  window.setTimeout(() => { delete form.dataset.submitted; }, 4000);
});

// Follow a background job: update the progress bar, reload when it has finished.
document.querySelectorAll("[data-poll]").forEach((box) => {
  const bar = box.querySelector("progress");
  const message = box.querySelector("[data-poll-message]");
  const tick = async () => {
    try {
      const response = await fetch(box.dataset.poll, { headers: { Accept: "application/json" } });
      const state = await response.json();
      if (bar) bar.value = state.progress;
      if (message) message.textContent = state.message || "";
      if (state.done) { window.location.reload(); return; }
    } catch (error) { /* keep trying: the server may be busy */ }
    window.setTimeout(tick, 1500);
  };
  window.setTimeout(tick, 1000);
});
