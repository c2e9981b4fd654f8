// "Copy link" on a photo's page: the clipboard where the browser allows it, otherwise the link is selected for Ctrl+C.
(() => {
  const button = document.getElementById("copy-link");
  const field = document.getElementById("share-url");
  const status = document.getElementById("copy-status");
  if (!button || !field || !status) {
    return;
  }

  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.url);
      status.textContent = "Link copied.";
    } catch {
      field.focus();
      field.select();
      status.textContent = "Press Ctrl+C (⌘C) to copy the selected link.";
    }
  });
})();
