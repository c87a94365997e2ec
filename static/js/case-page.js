// The case page's sections as tabs (the WAI-ARIA tabs pattern, automatic activation).
// Without this script the menu is a list of in-page links and every section shows, one
// below the other. The panels are fixed wrappers around the parts that case-live.js swaps,
// so a live refetch never touches the tabs. The URL fragment selects the tab: a link or a
// redirect to any element (#afspraken, #sluiten, #regie, a field with an error) opens the
// panel that holds it.
const nav = document.querySelector("[data-case-tabs]");
if (nav) start(nav);

function start(menu) {
  const tabs = [...menu.querySelectorAll("a[href^='#']")]
    .map((link) => {
      const panel = document.getElementById(link.hash.slice(1))?.closest("[data-case-panel]");
      return panel ? { link, panel } : null;
    })
    .filter(Boolean);
  if (tabs.length < 2) return;

  const list = menu.querySelector("ul");
  list.setAttribute("role", "tablist");
  list.setAttribute("aria-label", menu.getAttribute("aria-label"));
  for (const item of list.children) item.setAttribute("role", "presentation");
  for (const { link, panel } of tabs) {
    link.id = `tab-${panel.dataset.casePanel}`;
    link.setAttribute("role", "tab");
    link.setAttribute("aria-controls", panel.id);
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", link.id);
    panel.tabIndex = 0;
  }
  document.documentElement.classList.add("case-tabs-on");

  function select(tab, { focus = false, fragment = false } = {}) {
    for (const t of tabs) {
      const on = t === tab;
      t.link.setAttribute("aria-selected", String(on));
      t.link.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
    }
    tab.link.querySelector("[data-changed]")?.remove();
    if (focus) tab.link.focus();
    if (fragment && location.hash !== tab.link.hash) {
      history.replaceState(history.state, "", tab.link.hash);
    }
  }

  // The tab whose panel holds the element the fragment names; it scrolls there when the
  // fragment names something within a panel rather than the tab itself.
  function fromFragment() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    const panel = target?.closest("[data-case-panel]");
    const tab = tabs.find((t) => t.panel === panel);
    if (!tab) return false;
    select(tab);
    if (tab.link.hash !== location.hash) target.scrollIntoView({ block: "start" });
    return true;
  }

  // A refused form shows again with its errors: open the panel that holds it.
  function withError() {
    const field = document.querySelector(
      "[data-case-panel] [aria-invalid='true'], [data-case-panel] .field-error",
    );
    return tabs.find((t) => t.panel.contains(field));
  }

  menu.addEventListener("click", (event) => {
    const tab = tabs.find((t) => t.link === event.target.closest("a"));
    if (!tab) return;
    event.preventDefault();
    select(tab, { fragment: true });
  });

  menu.addEventListener("keydown", (event) => {
    const index = tabs.findIndex((t) => t.link === document.activeElement);
    if (index < 0) return;
    const last = tabs.length - 1;
    const next = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    }[event.key];
    if (next !== undefined) {
      event.preventDefault();
      select(tabs[next], { focus: true, fragment: true });
    } else if (event.key === " ") {
      event.preventDefault();
      select(tabs[index], { fragment: true });
    }
  });

  // Someone else changed what a hidden tab shows (case-live.js swapped a part in, or
  // case-log.js added a note): say so on the tab, in text, until it is opened.
  function mark(element) {
    const tab = tabs.find((t) => t.panel.contains(element));
    if (!tab || !tab.panel.hidden || tab.link.querySelector("[data-changed]")) return;
    const note = document.createElement("span");
    note.className = "case-tabs__changed";
    note.dataset.changed = "";
    note.textContent = "bijgewerkt";
    tab.link.append(" ", note);
  }
  document.addEventListener("case:parts", (event) => {
    for (const name of event.detail?.changed || []) {
      mark(document.querySelector(`[data-case-part="${name}"]`));
    }
  });
  const notes = document.getElementById("notes");
  if (notes) {
    new MutationObserver((changes) => {
      if (changes.some((c) => c.addedNodes.length)) mark(notes);
    }).observe(notes, { childList: true });
  }

  window.addEventListener("hashchange", fromFragment);
  if (!fromFragment()) select(withError() || tabs[0]);

  // Keep the sticky summary from covering what a link or the keyboard moves to.
  const top = document.querySelector("[data-case-top]");
  if (top && "ResizeObserver" in window) {
    new ResizeObserver(() => {
      document.documentElement.style.setProperty("--case-top", `${top.offsetHeight}px`);
    }).observe(top);
  }
}
