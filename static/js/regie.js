// Regie form: offer only the people of the chosen organisation. Without this script the
// whole list shows and the server refuses a person from another organisation. The form
// may be swapped in later by case-live.js, which then says so with a "case:parts" event.
const update = (form) => {
  const org = form.elements.namedItem("lead_org_id");
  const person = form.elements.namedItem("lead_user_id");
  for (const group of person.querySelectorAll("optgroup")) {
    const match = group.dataset.org === org.value;
    group.hidden = !match;
    group.disabled = !match;
  }
  if (person.selectedOptions[0]?.matches(":disabled")) {
    person.value = "";
  }
};

const all = () => document.querySelectorAll("form[data-regie-form]").forEach(update);

document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-regie-form]");
  if (form && event.target.name === "lead_org_id") update(form);
});
document.addEventListener("case:parts", all);
all();
