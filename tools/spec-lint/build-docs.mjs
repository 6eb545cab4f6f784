// make docs: renders api/openapi.yaml to one static HTML file that works offline.
//
// Redocly CLI's build-docs prerenders every operation into the HTML (readable without
// JavaScript) and loads Redoc's script from a CDN for the interactive parts; here that script
// tag is replaced by the same script, inlined from the redoc package build-docs itself uses, and
// Google Fonts are left out. The result loads nothing from the network; this script fails if it
// would, or if an operation of the contract is missing from the prerendered page.
//
// usage: node build-docs.mjs [OUTPUT]   (default ../../build/docs/procuret-api.html)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const specPath = resolve(here, "../../api/openapi.yaml");
const output = resolve(process.argv[2] ?? resolve(here, "../../build/docs/procuret-api.html"));

// The redoc that @redocly/cli renders with, and its browser bundle.
const cliRequire = createRequire(createRequire(import.meta.url).resolve("@redocly/cli/package.json"));
const redocVersion = cliRequire("redoc/package.json").version;
const bundle = readFileSync(cliRequire.resolve("redoc/bundles/redoc.standalone.js"), "utf8");

// As React escapes text in the prerendered page.
const escapeHTML = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

const tmp = mkdtempSync(join(tmpdir(), "procuret-docs-"));
try {
  const raw = join(tmp, "raw.html");
  execFileSync(
    join(here, "node_modules/.bin/redocly"),
    ["build-docs", specPath, "--output", raw, "--disableGoogleFont", "--config", join(here, "redocly.yaml")],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
  );
  let html = readFileSync(raw, "utf8");
  const cdnTag = `<script src="https://cdn.redocly.com/redoc/v${redocVersion}/bundles/redoc.standalone.js"></script>`;
  if (!html.includes(cdnTag)) throw new Error(`build-docs did not reference redoc ${redocVersion} as expected; update build-docs.mjs`);
  if (bundle.includes("</script")) throw new Error("the redoc bundle cannot be inlined: it contains </script");
  html = html.replace(cdnTag, () => `<script>${bundle}</script>`);
  // The prerendered page was made by the React of @redocly/cli, the bundle carries its own; their
  // markup differs in details, so hydrating it throws React's mismatch errors (#418, #423) before
  // React gives up and renders anew. Render anew from the start instead: the prerendered HTML
  // is what a reader sees until the script has run (and all they see without JavaScript).
  const hydrate = "Redoc.hydrate(__redoc_state, container);";
  if (!html.includes(hydrate)) throw new Error("build-docs no longer hydrates as expected; update build-docs.mjs");
  html = html.replace(hydrate, () => "Redoc.init(__redoc_state.spec.data, __redoc_state.options, container);");

  // Nothing may be loaded from elsewhere: no external script, stylesheet, image, frame or font.
  const external = [...html.matchAll(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:|\/\/)[^>]*>/gi)].filter(
    (m) => !(m[1].toLowerCase() === "link" && !/rel=["']?(stylesheet|preload|modulepreload|icon)/i.test(m[0])),
  );
  const cssImport = /@import\s+(url\()?["']?(https?:|\/\/)/i.exec(html);
  if (external.length || cssImport) throw new Error(`the page would load from the network: ${external.map((m) => m[0]).join(" ")} ${cssImport ?? ""}`);

  // Every operation of the contract is prerendered: its anchor and its summary are in the HTML
  // outside the scripts (readable without JavaScript).
  const spec = parse(readFileSync(specPath, "utf8"));
  const page = html.replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const missing = [];
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (!op.operationId) continue;
      if (!page.includes(`operation/${op.operationId}"`) || !page.includes(escapeHTML(op.summary))) missing.push(op.operationId);
    }
  }
  if (missing.length) throw new Error(`operations missing from the page: ${missing.join(", ")}`);

  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, html);
  console.log(`docs: ${output} (${Math.round(html.length / 1024)} KiB, redoc ${redocVersion} inlined, every operation prerendered)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
