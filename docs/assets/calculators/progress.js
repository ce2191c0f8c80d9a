// The runtime download's progress bar, under a calculator's status line: bytes received
// of bytes needed (the worker counts them against the runtime manifest's sizes), in
// the page's language, with "about N s left" once the wait is long enough to be worth
// saying. Put inline in calculator pages' <head> with early.js by scripts/site_hooks.py
// (no request of its own); calculator.js hands it the worker's download messages.
// The bar is a <progress> element (a progressbar to assistive technology, labelled in
// the page's language, its value also said as text), outside the status line's live
// region, so that its updates are not read out one by one.
(function () {
  "use strict";
  var SHOW_AFTER_MS = 300;  // a download done sooner (cached, fast link) shows no bar
  var SAY_LEFT_FROM_S = 3;  // "about N s left" once the wait is at least this long
  var RATE_WINDOW_MS = 3000;
  var states = new WeakMap();

  function say(form, key, values) {
    var sentence = form.getAttribute("data-msg-" + key) || "";
    for (var name in values) sentence = sentence.split("{" + name + "}").join(values[name]);
    return sentence;
  }

  function megabytes(bytes) { return (bytes / 1e6).toFixed(1); }

  // Seconds left at the recent rate (the last few seconds: the first moments are spent
  // on round trips, not bandwidth), or null while there is too little to go on.
  function secondsLeft(state, received, total, at) {
    var samples = state.samples;
    samples.push([at, received]);
    while (samples.length > 2 && at - samples[1][0] >= RATE_WINDOW_MS) samples.shift();
    var first = samples[0];
    if (at - state.started < 1000 || at - first[0] < 500 || received <= first[1]) return null;
    return (total - received) / ((received - first[1]) / (at - first[0])) / 1000;
  }

  function show(form, state) {
    var status = form.querySelector("[data-calc-status]");
    var box = document.createElement("div");
    box.className = "calc-progress";
    box.setAttribute("data-calc-progress", "");
    var bar = document.createElement("progress");
    bar.setAttribute("aria-label", say(form, "progress-label"));
    var label = document.createElement("span");
    label.className = "calc-progress-text";
    label.setAttribute("aria-hidden", "true");  // the bar's value text says the same
    box.append(bar, label);
    if (status) status.after(box); else form.prepend(box);
    state.box = box;
    state.bar = bar;
    state.label = label;
  }

  window.__calculatorProgress = {
    // received and total: bytes, as sent over the network.
    update: function (form, received, total) {
      var at = performance.now();
      var state = states.get(form);
      if (!state) {
        state = { started: at, samples: [], left: null, leftAt: 0 };
        states.set(form, state);
      }
      if (state.finished || !(total > 0)) return;
      if (received >= total) { this.done(form); return; }
      var left = secondsLeft(state, received, total, at);
      if (!state.box) {
        if (at - state.started < SHOW_AFTER_MS) return;
        show(form, state);
      }
      // The estimate moves once a second at most, so that it can be read.
      if (at - state.leftAt >= 1000 || left === null) {
        state.left = left !== null && left >= SAY_LEFT_FROM_S ? Math.ceil(left) : null;
        state.leftAt = at;
      }
      var parts = [say(form, "progress-bytes", { received: megabytes(received), total: megabytes(total) })];
      if (state.left !== null) parts.push(say(form, "progress-left", { seconds: state.left }));
      state.bar.max = total;
      state.bar.value = received;
      state.bar.setAttribute("aria-valuetext", parts.join(", "));
      state.label.textContent = parts.join(" · ");
      form.setAttribute("data-download", Math.round((100 * received) / total) + "%");
    },
    // The download is over (or Python is ready, or failed): the bar goes.
    done: function (form) {
      var state = states.get(form) || {};
      state.finished = true;
      states.set(form, state);
      if (state.box) state.box.remove();
      form.removeAttribute("data-download");
    },
  };
})();
