// Saves text as a file through the browser's download (works in Electron and in a plain browser).
export function downloadText(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The click starts the download synchronously; revoke a little later for slow handlers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
