// Load a zjkg cyjs export into headless Cytoscape.js the way a page would open it (its elements,
// its own style sheet, its layout) and report what it holds and how it is drawn.
const fs = require("fs");
const cytoscape = require("cytoscape");

const document = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, styleEnabled: true, elements: document.elements, style: document.style,
                       layout: document.layout });
const byClass = {};
cy.nodes().forEach((n) => n.classes().forEach((c) => { byClass[c] = (byClass[c] || 0) + 1; }));
const first = cy.nodes()[0];
const positions = {};
cy.nodes().forEach((n) => { positions[n.id()] = n.position(); });
const drawn = cy.nodes().map((n) => ({ id: n.id(), colour: n.data("colour"), background: n.style("background-color"),
                                      textColour: n.data("text_colour"), label: n.style("label"), color: n.style("color") }));
const report = JSON.stringify({
  nodes: cy.nodes().length,
  edges: cy.edges().length,
  classes: byClass,
  firstNode: { id: first.id(), label: first.data("label"), type: first.data("type") },
  danglingEdges: cy.edges().filter((e) => e.source().empty() || e.target().empty()).length,
  styleRules: (document.style || []).length,
  layout: document.layout ? document.layout.name : null,
  positions,
  drawn,
  arrows: cy.edges().map((e) => e.style("target-arrow-shape")),
});
// A styled Cytoscape keeps a render timer alive: end once the report is written out.
process.stdout.write(report + "\n", () => process.exit(0));
