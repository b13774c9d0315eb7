// Small conveniences; every page works without them.
"use strict";

// Copy buttons: <button data-copy="element-id">.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = "Copied";
  } catch {
    // Clipboard refused (plain HTTP off loopback): select the text so the person can copy it by hand.
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    button.textContent = "Selected: press Ctrl+C";
  }
});

// A permission preset ticks its permissions, so the person sees what they are granting; ticking one by hand makes it custom.
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (!form) return;
  const boxes = form.querySelectorAll("input[name='Form.Permissions']");
  if (event.target.name === "Form.Preset" && event.target.value !== "custom") {
    const granted = event.target.dataset.permissions.split(" ");
    boxes.forEach((box) => { box.checked = granted.includes(box.value); });
  } else if (event.target.name === "Form.Permissions") {
    const custom = form.querySelector("input[name='Form.Preset'][value='custom']");
    if (custom) custom.checked = true;
  }
});
