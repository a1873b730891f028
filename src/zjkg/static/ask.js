// The ask box: /ask?q=… answered by the router, shown as its reading, the rows and the report's words.
// Self-contained (its own elements and styles), so the SPARQL editor beside it can be replaced.
(function () {
  "use strict";
  const form = document.getElementById("ask-form");
  if (!form) return;
  const input = document.getElementById("ask");
  const reading = document.getElementById("ask-reading");
  const table = document.getElementById("ask-results");
  const quotes = document.getElementById("ask-quotes");

  function curie(value) {
    const bases = [["https://w3id.org/zjkg/ontology#", "zjkg:"], ["https://w3id.org/zjkg/id/", ""]];
    if (typeof value !== "string") return value === null || value === undefined ? "" : String(value);
    for (const [base, prefix] of bases) {
      if (value.startsWith(base)) {
        const rest = value.slice(base.length);
        return prefix ? prefix + rest : rest.replace("/", ":");
      }
    }
    return value;
  }

  function describe(answer) {
    if (!answer.query) return "→ no named query matches this question";
    const parts = [answer.query];
    for (const [name, value] of Object.entries(answer.params || {})) {
      const label = (answer.labels || {})[value];
      parts.push(name.replace(/^_/, "").replace(/_iri$/, "") + " = " + value + (label ? " " + label : ""));
    }
    if (answer.topic) parts.push("topic = " + answer.topic + " (the measures the search ranks)");
    if (answer.search) parts.push("ranked by the search index");
    let text = "→ " + parts.join(", ");
    if (!answer.confident) {
      text += " — not sure; the best readings: " +
        (answer.alternatives || []).map((a) => a.query + " " + JSON.stringify(a.params)).join("; ");
    }
    return text;
  }

  function show(answer) {
    reading.textContent = describe(answer);
    table.replaceChildren();
    quotes.replaceChildren();
    const notes = answer.notes || [];
    if (notes.length) reading.textContent += "\n" + notes.map((note) => "Note: " + note).join("\n");
    const items = answer.items || [];
    if (!items.length) return;
    const keys = Object.keys(items[0]).filter((k) => !k.startsWith("_"));
    const head = table.createTHead().insertRow();
    for (const key of keys) {
      const cell = document.createElement("th");
      cell.textContent = key;
      head.appendChild(cell);
    }
    const body = table.createTBody();
    for (const item of items) {
      const row = body.insertRow();
      for (const key of keys) row.insertCell().textContent = curie(item[key]);  // text, never HTML
    }
    for (const [id, quote] of Object.entries(answer.quotes || {})) {
      const entry = document.createElement("li");
      entry.textContent = id + ": " + quote;
      quotes.appendChild(entry);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    reading.textContent = "…";
    try {
      const response = await fetch("/ask?" + new URLSearchParams({ q: question }));
      const answer = await response.json();
      if (!response.ok) {
        reading.textContent = "Error: " + (answer.error || response.status);
        table.replaceChildren();
        quotes.replaceChildren();
        return;
      }
      show(answer);
    } catch (error) {
      reading.textContent = "Error: " + error;
    }
  });
})();
