/**
 * Downloads a resource route's file from inside the embedded admin. A link would be a client-side
 * navigation (Remix) without the session token; App Bridge's `fetch` adds the token, and the answer
 * is handed to the browser as a file under its Content-Disposition name.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`download failed: ${response.status}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await response.blob());
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
