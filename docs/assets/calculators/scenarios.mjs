// Saved scenarios ([data-calc-scenarios], after the form; calculator.js imports this
// module when the panel is first opened or "Save as scenario" is pressed): the
// reader's named sets of inputs, kept in this browser only (localStorage
// "calculators:saved:NAME", a list of {name, query, saved}); each can be opened,
// renamed, deleted, and all of them exported to a JSON file, imported from one, or
// printed one page each. A scenario is its query string (calculators/scenario.py);
// opening one goes through Python like a link does. Names are shown as text only.

const MAX_IMPORT = 2_000_000;  // characters read from a file; Python says when it is more
const panels = new WeakMap();

export function attach(page, form) {
  if (!panels.has(form)) panels.set(form, new ScenariosPanel(page, form));
  return panels.get(form);
}

class ScenariosPanel {
  constructor(page, form) {
    this.page = page;
    this.form = form;
    this.key = `calculators:saved:${form.dataset.calculator}`;
    const panel = this.panel = document.querySelector(`[data-calc-scenarios="${form.dataset.calculator}"]`);
    this.nameInput = panel.querySelector("[data-scenario-name]");
    this.list = panel.querySelector("[data-scenario-list]");
    this.empty = panel.querySelector("[data-scenario-empty]");
    this.status = panel.querySelector("[data-scenario-status]");
    const act = { save: () => this.save(), export: () => this.exportFile(), print: () => this.printAll() };
    panel.addEventListener("click", (event) => {
      const button = event.target.closest("[data-scenario-action]");
      if (button && act[button.dataset.scenarioAction]) act[button.dataset.scenarioAction]();
    });
    this.nameInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); this.save(); }
    });
    panel.querySelector("[data-scenario-import]").addEventListener("change", (event) => this.importFile(event.target));
    window.addEventListener("storage", (event) => { if (event.key === this.key) this.show(); });
    this.show();
  }

  msg(key, params) { return this.page.msg(this.form, key, params); }
  say(text) { this.status.textContent = text; }

  // The list as kept; anything else found under the key (edited by hand, another
  // version) is read as far as it is a list of {name, query}.
  read() {
    let items = [];
    try { items = JSON.parse(localStorage.getItem(this.key) || "[]"); } catch (_) { items = []; }
    if (!Array.isArray(items)) return [];
    return items.filter((s) => s && typeof s.name === "string" && typeof s.query === "string")
      .map((s) => ({ name: s.name.slice(0, 100), query: s.query, saved: typeof s.saved === "string" ? s.saved : "" }));
  }

  write(items) {
    try {
      if (items.length) localStorage.setItem(this.key, JSON.stringify(items));
      else localStorage.removeItem(this.key);
      return true;
    } catch (_) {
      return false;
    }
  }

  show(focusName = null) {
    const items = this.read();
    this.empty.hidden = items.length > 0;
    this.list.replaceChildren(...items.map((item, index) => this.row(item, index)));
    if (focusName !== null) {
      const at = items.findIndex((s) => s.name === focusName);
      const target = this.list.children[at] && this.list.children[at].querySelector("button");
      (target || this.nameInput).focus();
    }
  }

  button(text, label, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "md-button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  row(item, index) {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "calc-scenario-name";
    name.textContent = item.name;
    const saved = document.createElement("span");
    saved.className = "calc-help";
    saved.textContent = item.saved ? ` ${this.msg("saved-on", { date: item.saved })}` : "";
    const quoted = (key) => `${this.msg(key)} “${item.name}”`;
    li.append(name, saved,
      this.button(this.msg("open"), quoted("open"), () => this.open(item)),
      this.button(this.msg("rename"), quoted("rename"), () => this.rename(li, index)),
      this.button(this.msg("delete"), quoted("delete"), () => this.remove(index)));
    return li;
  }

  save() {
    const items = this.read();
    const name = this.nameInput.value.trim().slice(0, 100) || this.msg("untitled", { n: items.length + 1 });
    const query = this.page.state.get(this.form).query || "";
    const saved = new Date().toISOString().slice(0, 10);
    const at = items.findIndex((s) => s.name === name);
    if (at >= 0) items[at] = { name, query, saved }; else items.push({ name, query, saved });
    if (!this.write(items)) return;
    this.nameInput.value = "";
    this.show();
    this.say(this.msg("scenario-saved", { name }));
  }

  open(item) {
    this.page.openScenario(this.form, item.query, "saved", this.msg("scenario-opened", { name: item.name }));
  }

  rename(li, index) {
    const item = this.read()[index];
    if (!item) return;
    const field = document.createElement("input");
    field.type = "text";
    field.maxLength = 100;
    field.value = item.name;
    field.setAttribute("aria-label", this.msg("rename-label", { name: item.name }));
    const done = (keep) => {
      const items = this.read();
      const name = field.value.trim().slice(0, 100);
      if (keep && name && items[index]) {
        items[index].name = name;
        this.write(items);
        this.say(this.msg("scenario-renamed", { name }));
      }
      this.show(keep && name ? name : item.name);
    };
    field.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); done(true); }
      if (event.key === "Escape") { event.preventDefault(); done(false); }
    });
    li.replaceChildren(field, this.button(this.msg("save-name"), this.msg("save-name"), () => done(true)),
      this.button(this.msg("cancel"), this.msg("cancel"), () => done(false)));
    field.focus();
    field.select();
  }

  remove(index) {
    const items = this.read();
    const [gone] = items.splice(index, 1);
    if (!gone) return;
    this.write(items);
    this.show(items[Math.min(index, items.length - 1)] ? items[Math.min(index, items.length - 1)].name : "");
    this.say(this.msg("scenario-deleted", { name: gone.name }));
  }

  async exportFile() {
    const items = this.read();
    const answer = await this.page.ask(this.form, { action: "export", scenarios: items,
                                                    today: new Date().toISOString().slice(0, 10) });
    if (!answer.ok) return;
    this.page.download(`${this.form.dataset.calculator}-scenarios.json`,
                       new Blob([answer.text], { type: "application/json" }));
    this.say(this.msg("scenarios-exported", { count: items.length }));
  }

  // The file's text goes to Python, which checks it (calculators/scenario.py
  // read_file); its scenarios join the list, replacing any of the same name.
  async importFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    const text = await file.slice(0, MAX_IMPORT + 1).text();
    input.value = "";
    const answer = await this.page.ask(this.form, { action: "import", text });
    const problems = Object.values(answer.errors || {}).join(" ");
    const scenarios = answer.scenarios || [];
    if (scenarios.length) {
      const items = this.read();
      for (const s of scenarios) {
        const at = items.findIndex((old) => old.name === s.name);
        if (at >= 0) items[at] = s; else items.push(s);
      }
      this.write(items);
      this.show();
    }
    this.say([scenarios.length ? this.msg("scenarios-imported", { count: scenarios.length }) : "", problems]
      .filter(Boolean).join(" "));
  }

  // Every saved scenario worked out by Python and printed, one page each; the page's
  // own content is hidden while printing (calculator.css, html.calc-printing-all).
  async printAll() {
    const items = this.read();
    if (!items.length) return;
    const answer = await this.page.ask(this.form, { action: "print", scenarios: items });
    if (!answer.ok) return;
    const pages = document.createElement("div");
    pages.className = "calc-print-all md-typeset";
    pages.innerHTML = answer.html;  // rendered and escaped by Python
    document.body.append(pages);
    document.documentElement.classList.add("calc-printing-all");
    const after = () => {
      pages.remove();
      document.documentElement.classList.remove("calc-printing-all");
      window.removeEventListener("afterprint", after);
    };
    window.addEventListener("afterprint", after);
    window.print();
  }
}
