/** `data:image/svg+xml;base64,…` for server-made SVG markup, shown with <img> (never as HTML). */
export function svgDataUrl(svg: string): string {
  if (svg.startsWith('data:image/svg+xml')) return svg;
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** Splits a base32 secret in groups of four for reading aloud or typing. */
export function groupSecret(secret: string): string {
  return secret
    .replace(/\s+/g, '')
    .replace(/(.{4})/g, '$1 ')
    .trim();
}
