// Saving a Cytoscape picture as a PNG file: the whole graph (not only the part in view), on white, at twice
// the screen's resolution so it prints sharply.
const PNG = { full: true, scale: 2, bg: "#ffffff" };

export function pngBlob(cy) {
  return cy.png({ ...PNG, output: "blob" });
}

// The same picture as a data: URI, to put inside a file (the case file).
export function pngDataUri(cy) {
  return cy.png({ ...PNG, output: "base64uri" });
}

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url; a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function savePng(cy, filename) { download(pngBlob(cy), filename); }
