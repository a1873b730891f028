// Load a zjkg GEXF or GraphML export with graphology's own loaders (graphology-gexf and
// graphology-graphml, the ones behind Gephi Lite and Sigma.js) and print what they read, as JSON:
// the graph's type, every node and edge with its attributes, in the file's order.
// Usage: node load-graph.js gexf|graphml FILE
const fs = require("fs");
const Graph = require("graphology");
const loaders = { gexf: require("graphology-gexf"), graphml: require("graphology-graphml") };

const [format, path] = process.argv.slice(2);
if (!loaders[format] || !path) {
  console.error("usage: node load-graph.js gexf|graphml FILE");
  process.exit(2);
}
const graph = loaders[format].parse(Graph, fs.readFileSync(path, "utf8"));
const nodes = [];
graph.forEachNode((id, attributes) => nodes.push({ id, attributes }));
const edges = [];
graph.forEachEdge((id, attributes, source, target) => edges.push({ id, source, target, attributes }));
console.log(JSON.stringify({ type: graph.type, multi: graph.multi, order: graph.order, size: graph.size, nodes, edges }));
