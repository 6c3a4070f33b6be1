// Rank queries with finder.js's DOM-free core under node, for the parity tests.
// Usage: node rank_in_node.js FINDER_JS DATA_SCRIPT LIMIT < queries.json
// Prints, per query, {analysis: [text, words, statuses, codes], results: [...]} as JSON.
"use strict";
const fs = require("fs");
const path = require("path");
const [finderJs, dataScript, limit] = process.argv.slice(2);
globalThis.window = {};
require(path.resolve(dataScript));
const finder = require(path.resolve(finderJs));
const index = finder.load(globalThis.window.FIXBOOK_FINDER_DATA);
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
const answers = queries.map((query) => {
  const analysis = finder.analyse(index, query);
  return {
    analysis: [analysis.text, analysis.words, analysis.statuses, analysis.codes],
    // `number` (the entry's position, for the page's fix lookup) is JS-only
    results: finder.rank(index, query, Number(limit)).map(({ number, ...result }) => result),
  };
});
process.stdout.write(JSON.stringify(answers));
