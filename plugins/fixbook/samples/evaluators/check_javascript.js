// Parses every JavaScript source it is given without running any of it.
// stdin: JSON array of sources; stdout: JSON array of null (parsed) or {message, line}.
// One node process checks all the blocks of a page; a script that fails as a classic script is
// tried again as an ES module, since samples use both.
"use strict";
const vm = require("vm");

function lineOf(error, name) {
  const match = String(error.stack || "").match(new RegExp(name.replace(".", "\\.") + ":(\\d+)"));
  return match ? Number(match[1]) : null;
}

function check(source, index) {
  const name = `block${index}.js`;
  try {
    new vm.Script(source, { filename: name });
    return null;
  } catch (scriptError) {
    if (typeof vm.SourceTextModule === "function") {
      try {
        new vm.SourceTextModule(source, { identifier: name });
        return null;
      } catch (moduleError) {
        // Module parse errors carry no position; the script parse of the same text usually
        // stops at the same token, and then its line is the module's too.
        const sameError = moduleError.message === scriptError.message;
        const line = sameError ? lineOf(scriptError, name) : lineOf(moduleError, name);
        return { message: `${moduleError.name}: ${moduleError.message}`, line };
      }
    }
    return { message: `${scriptError.name}: ${scriptError.message}`, line: lineOf(scriptError, name) };
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const sources = JSON.parse(input);
  process.stdout.write(JSON.stringify(sources.map(check)));
});
