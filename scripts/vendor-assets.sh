#!/usr/bin/env bash
# Copy pinned front-end assets from the npm registry (package.json / package-lock.json) into the
# app's static folder, so Sigap serves them itself and never needs a CDN. The copies are committed,
# so a fresh install needs no Node.js; run `make assets` after changing a version in package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
v=sigap/static/vendor
rm -rf "$v" && mkdir -p "$v/bootstrap" "$v/htmx" "$v/chartjs" tests/browser/vendor
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/LICENSE "$v/bootstrap/"
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE "$v/htmx/"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md "$v/chartjs/"
# DejaVu Sans prints every name in PDFs (reportlab's built-in fonts know Latin-1 only); not served.
mkdir -p sigap/lib/fonts
cp node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf sigap/lib/fonts/
cp node_modules/dejavu-fonts-ttf/LICENSE sigap/lib/fonts/DejaVu-LICENSE
# axe-core is for the accessibility tests only; it is not served.
cp node_modules/axe-core/axe.min.js tests/browser/vendor/axe.min.js
cp node_modules/axe-core/LICENSE tests/browser/vendor/axe-core-LICENSE
node -e '
const fs = require("fs");
const pins = {};
for (const name of Object.keys(require("./package.json").dependencies)) {
  pins[name] = require("./node_modules/" + name + "/package.json").version;
}
fs.writeFileSync("sigap/static/vendor/VERSIONS.json", JSON.stringify(pins, null, 2) + "\n");
'
# Source-map comments point at files we do not ship; drop them so browsers do not ask for them.
sed -i -E '/^\/\/# sourceMappingURL=|^\/\*# sourceMappingURL=.*\*\/$/d' "$v"/bootstrap/* "$v"/chartjs/*.js
sed -i -E 's#/\*\# sourceMappingURL=[^*]*\*/##' "$v/bootstrap/bootstrap.min.css"
echo "Vendored: $(cat sigap/static/vendor/VERSIONS.json | tr -d '\n ')"
