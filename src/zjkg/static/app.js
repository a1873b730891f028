// The zjkg query page: named queries as examples, results as a table, downloads as CSV or JSON.
// Plain JavaScript served from the package: nothing is loaded from the network.
(function () {
  "use strict";
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const table = document.getElementById("results");
  const examples = document.getElementById("examples");
  const summary = document.getElementById("summary");
  const queries = {};

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  async function post(accept) {
    const body = new URLSearchParams({ query: editor.value });
    const response = await fetch("/sparql", {
      method: "POST", body: body,
      headers: { "Accept": accept, "Content-Type": "application/x-www-form-urlencoded" },
    });
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try { message += ": " + (await response.json()).error; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return response;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) { return td; }
    td.textContent = term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
    if (term.type === "uri") { td.className = "uri"; }
    return td;
  }

  function render(data) {
    table.innerHTML = "";
    if (data.boolean !== undefined) {
      const row = table.insertRow();
      row.appendChild(cell({ type: "literal", value: String(data.boolean) }));
      return 1;
    }
    const head = table.createTHead().insertRow();
    data.head.vars.forEach(function (name) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    const body = table.createTBody();
    data.results.bindings.forEach(function (binding) {
      const row = body.insertRow();
      data.head.vars.forEach(function (name) { row.appendChild(cell(binding[name])); });
    });
    return data.results.bindings.length;
  }

  async function run() {
    setStatus("运行中 running…", false);
    const started = performance.now();
    try {
      const response = await post("application/sparql-results+json");
      const type = response.headers.get("content-type") || "";
      if (type.indexOf("json") < 0) {
        table.innerHTML = "";
        const row = table.insertRow();
        const td = row.insertCell();
        td.textContent = await response.text();
        td.style.whiteSpace = "pre";
        setStatus("graph result", false);
        return;
      }
      const count = render(await response.json());
      setStatus(count + " 行 rows · " + Math.round(performance.now() - started) + " ms", false);
    } catch (error) {
      table.innerHTML = "";
      setStatus(String(error.message || error), true);
    }
  }

  async function download(accept, extension) {
    try {
      const response = await post(accept);
      const blob = await response.blob();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "zjkg-results." + extension;
      document.body.appendChild(link);
      link.click();
      link.remove();
    } catch (error) {
      setStatus(String(error.message || error), true);
    }
  }

  document.getElementById("run").addEventListener("click", run);
  document.getElementById("csv").addEventListener("click", function () { download("text/csv", "csv"); });
  document.getElementById("json").addEventListener("click", function () { download("application/sparql-results+json", "json"); });
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  examples.addEventListener("change", function () {
    const query = queries[examples.value];
    if (!query) { return; }
    editor.value = query.query.split("\n").filter(function (line) { return line.indexOf("#+") !== 0; }).join("\n").trim();
    summary.textContent = query.summary + (Object.keys(query.params).length ? " · 参数 parameters left unbound: "
      + Object.keys(query.params).join(", ") : "");
  });

  fetch("/queries").then(function (response) { return response.json(); }).then(function (list) {
    list.forEach(function (query) {
      queries[query.name] = query;
      const option = document.createElement("option");
      option.value = query.name;
      option.textContent = query.name + " — " + query.summary;
      examples.appendChild(option);
    });
    document.body.dataset.ready = "true";
  }).catch(function (error) { setStatus("cannot list the named queries: " + error, true); });
})();
