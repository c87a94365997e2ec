// Regie form: offer only the people of the chosen organisation. Without this script the
// whole list shows and the server refuses a person from another organisation.
const form = document.querySelector("form[data-regie-form]");

if (form) {
  const org = form.elements.namedItem("lead_org_id");
  const person = form.elements.namedItem("lead_user_id");

  const update = () => {
    for (const group of person.querySelectorAll("optgroup")) {
      const match = group.dataset.org === org.value;
      group.hidden = !match;
      group.disabled = !match;
    }
    if (person.selectedOptions[0]?.matches(":disabled")) {
      person.value = "";
    }
  };

  org.addEventListener("change", update);
  update();
}
