// `make editor`: the editor's bundle (editor/src, by esbuild) and Decap CMS's own build (from
// node_modules, installed by `npm ci` from package-lock.json) into the package, which serves
// them at /admin/ and ships them in its wheel.
import { build } from "esbuild";
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "sosafe_gen", "render", "admin", "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(root, "editor", "src", "main.js")],
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "none",
  outfile: join(out, "sosafe-cms.js"),
  logLevel: "warning",
});
for (const name of ["sosafe-cms.css", "sosafe-preview.css", "sosafe-init.js"]) {
  copyFileSync(join(root, "editor", name), join(out, name));
}

// Decap's build: its entry and the parts it loads on demand (next to it), not source maps.
const decap = join(root, "node_modules", "decap-cms", "dist");
for (const name of readdirSync(decap)) {
  if (name === "decap-cms.js" || /^\d+\.decap-cms\.js$/.test(name) || name.endsWith(".wasm")) {
    cpSync(join(decap, name), join(out, name));
  }
}
