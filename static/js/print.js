// "Afdrukken" buttons (inline handlers are not allowed by the Content-Security-Policy).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
