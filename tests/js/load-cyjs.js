// Load a zjkg cyjs export into headless Cytoscape.js and report what it holds.
const fs = require("fs");
const cytoscape = require("cytoscape");

const document = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, elements: document.elements });
const byClass = {};
cy.nodes().forEach((n) => n.classes().forEach((c) => { byClass[c] = (byClass[c] || 0) + 1; }));
const first = cy.nodes()[0];
console.log(JSON.stringify({
  nodes: cy.nodes().length,
  edges: cy.edges().length,
  classes: byClass,
  firstNode: { id: first.id(), label: first.data("label"), type: first.data("type") },
  danglingEdges: cy.edges().filter((e) => e.source().empty() || e.target().empty()).length,
}));
