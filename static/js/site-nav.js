// The main navigation behind a menu button on narrow screens (a disclosure: a real button
// with aria-expanded; Escape closes it and gives the focus back to the button). The CSS
// collapses the menu only where scripts run ((scripting: enabled)); wider screens show the
// navigation as it is and hide the button. The button repeats the unread count, which
// notifications.js keeps current on the badge beside "Berichten".
const toggle = document.querySelector("[data-site-menu-toggle]");
const menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
if (toggle && menu) start(toggle, menu);

function start(button, panel) {
  const set = (open) => {
    button.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("is-open", open);
  };
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    if (!panel.contains(document.activeElement) && document.activeElement !== button) return;
    set(false);
    button.focus();
  });

  const badge = document.getElementById("unread-badge");
  const copy = button.querySelector("[data-unread-copy]");
  if (badge && copy) {
    const mirror = () => {
      copy.hidden = badge.hidden;
      copy.firstChild.textContent = badge.firstChild.textContent;
    };
    new MutationObserver(mirror).observe(badge, {
      attributes: true, childList: true, characterData: true, subtree: true,
    });
  }
}
