// The zjkg query page: YASGUI (vendored under /static/vendor/yasgui) on this server's /sparql, with
// zjkg's prefixes preset and the named queries opening as tabs. Nothing is loaded from the network:
// the LOV class/property completers are off, prefix completion offers zjkg's own prefixes, and
// YASGUI's endpoint catalogue lists only this server.
(function () {
  "use strict";
  const PREFIXES = {
    zjkg: "https://w3id.org/zjkg/ontology#",
    rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    xsd: "http://www.w3.org/2001/XMLSchema#",
    skos: "http://www.w3.org/2004/02/skos/core#",
    dcterms: "http://purl.org/dc/terms/",
    prov: "http://www.w3.org/ns/prov#",
    org: "http://www.w3.org/ns/org#",
    report: "https://w3id.org/zjkg/id/report/",
    principle: "https://w3id.org/zjkg/id/principle/",
    pledge: "https://w3id.org/zjkg/id/pledge/",
    area: "https://w3id.org/zjkg/id/area/",
    measure: "https://w3id.org/zjkg/id/measure/",
    action: "https://w3id.org/zjkg/id/action/",
    target: "https://w3id.org/zjkg/id/target/",
    indicator: "https://w3id.org/zjkg/id/indicator/",
    observation: "https://w3id.org/zjkg/id/observation/",
    sector: "https://w3id.org/zjkg/id/sector/",
  };
  const DEFAULT_QUERY = [
    "PREFIX zjkg: <https://w3id.org/zjkg/ontology#>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
    "SELECT ?measure ?notation ?label WHERE {",
    "  ?measure a zjkg:Measure ; skos:notation ?notation ; rdfs:label ?label .",
    "  FILTER (LANG(?label) = \"zh\")",
    "} ORDER BY ?notation",
  ].join("\n");
  const endpoint = new URL("/sparql", window.location.href).href;
  const examples = document.getElementById("examples");
  const summary = document.getElementById("summary");
  const queries = {};

  // Prefix completion from zjkg's list, not prefix.cc; the class and property completers (which ask
  // the LOV API) are left out.
  Yasgui.Yasqe.forkAutocompleter("prefixes", {
    name: "zjkgPrefixes", persistenceId: null,
    get: function () { return Object.keys(PREFIXES).sort().map(function (p) { return p + ": <" + PREFIXES[p] + ">"; }); },
  }, false);
  Yasgui.Yasqe.defaults.autocompleters = ["zjkgPrefixes", "variables"];

  document.getElementById("endpoint").textContent = endpoint;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: null,  // every visit starts from the named queries, not from a stored session
    populateFromUrl: true,
    yasqe: { value: DEFAULT_QUERY, autocompleters: ["zjkgPrefixes", "variables"], resizeable: true, editorHeight: "320px" },
    yasr: { prefixes: PREFIXES, pluginOrder: ["table", "response"], defaultPlugin: "table" },
  });
  window.zjkgYasgui = yasgui;  // for the page's tests and for the curious

  function queryText(query) {
    // The grlc-style `#+` header is documentation; the query's parameters stay unbound (all rows).
    return query.query.split("\n").filter(function (line) { return line.indexOf("#+") !== 0; }).join("\n").trim();
  }

  function open(name) {
    const query = queries[name];
    if (!query) { return; }
    const tab = yasgui.addTab(true, { name: name });
    tab.setQuery(queryText(query));
    const parameters = Object.keys(query.params);
    summary.textContent = query.summary + (parameters.length ? " · 参数未绑定 parameters left unbound: " + parameters.join(", ")
      + " (bind them with /queries/" + name + "?" + parameters[0] + "=…)" : "");
  }

  examples.addEventListener("change", function () { open(examples.value); });

  fetch("/queries").then(function (response) { return response.json(); }).then(function (list) {
    list.forEach(function (query) {
      queries[query.name] = query;
      const option = document.createElement("option");
      option.value = query.name;
      option.textContent = query.name + " — " + query.summary;
      examples.appendChild(option);
    });
    document.body.dataset.ready = "true";
  }).catch(function (error) { summary.textContent = "cannot list the named queries: " + error; });
})();
