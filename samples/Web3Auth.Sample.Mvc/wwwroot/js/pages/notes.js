// Notes: GET /api/notes (notes/read), POST /api/notes and DELETE /api/notes/{id} (notes/write).
import { auth } from "../app.js";
import { friendlyMessage } from "../web3auth-client.js";
import { el, formatAgo, hideStatus, showStatus } from "../ui.js";

const form = document.getElementById("note-form");
const text = document.getElementById("note-text");
const list = document.getElementById("note-list");
const empty = document.getElementById("notes-empty");
const status = document.getElementById("notes-status");
const add = form.querySelector("button[type=submit]");

function noteItem(note) {
  const item = el("li", { className: "note", dataset: { id: note.id, testid: "note" } },
    el("p", { className: "note-text" }, note.text),
    el("div", { className: "note-foot" },
      el("time", { dateTime: note.createdAt, title: new Date(note.createdAt).toLocaleString() }, formatAgo(new Date(note.createdAt))),
      el("button", { type: "button", className: "btn btn-ghost btn-small", dataset: { testid: "note-delete" }, onclick: () => remove(note, item) }, "Delete")));
  return item;
}

function updateEmpty() {
  empty.hidden = list.children.length > 0;
}

async function remove(note, item) {
  try {
    await auth.fetchJson(`/api/notes/${encodeURIComponent(note.id)}`, { method: "DELETE" });
    item.remove();
    updateEmpty();
    showStatus(status, "success", "Note deleted.", { code: "deleted" });
  } catch (error) {
    showStatus(status, "error", friendlyMessage(error), { code: error.code });
  }
}

try {
  const notes = await auth.fetchJson("/api/notes");
  list.replaceChildren(...notes.map(noteItem));
  updateEmpty();
} catch (error) {
  showStatus(status, "error", friendlyMessage(error), { code: error.code });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  add.disabled = true;
  try {
    const note = await auth.fetchJson("/api/notes", { method: "POST", body: { text: text.value } });
    list.prepend(noteItem(note));
    text.value = "";
    updateEmpty();
    hideStatus(status);
  } catch (error) {
    showStatus(status, "error", friendlyMessage(error), { code: error.code });
  } finally {
    add.disabled = false;
  }
});
