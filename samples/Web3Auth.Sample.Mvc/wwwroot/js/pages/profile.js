// Profile: GET /api/profile (profile/read) fills the form, PUT /api/profile (profile/write) saves it.
import { auth } from "../app.js";
import { friendlyMessage } from "../web3auth-client.js";
import { showStatus } from "../ui.js";

const form = document.getElementById("profile-form");
const input = document.getElementById("name");
const status = document.getElementById("profile-status");
const save = form.querySelector("button[type=submit]");

try {
  const profile = await auth.fetchJson("/api/profile");
  input.value = profile.name ?? "";
  input.placeholder = "e.g. Ada Lovelace";
} catch (error) {
  showStatus(status, "error", friendlyMessage(error), { code: error.code });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  save.disabled = true;
  input.removeAttribute("aria-invalid");
  try {
    const profile = await auth.fetchJson("/api/profile", { method: "PUT", body: { name: input.value } });
    input.value = profile.name;
    showStatus(status, "success", `Saved. Hello, ${profile.name}! Reload the page: your name is still here.`, { code: "saved" });
  } catch (error) {
    if (error.fieldErrors.name) {
      input.setAttribute("aria-invalid", "true");
    }
    showStatus(status, "error", friendlyMessage(error), { code: error.code });
  } finally {
    save.disabled = false;
  }
});
