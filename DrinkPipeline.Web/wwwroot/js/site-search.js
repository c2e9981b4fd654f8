// Suggestions for the header's search box: names of matching bars and drinks, offered through the input's datalist
// (announced by screen readers and chosen with the arrow keys like any list of options). Enter submits to /find.
(() => {
  const input = document.getElementById("site-search-input");
  const list = document.getElementById("site-search-suggestions");
  if (!input || !list) {
    return;
  }

  let timer = 0;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value.trim();
      if ([...query].length < 2 || query === asked) {
        return;
      }

      asked = query;
      try {
        const response = await fetch(`/find?handler=Suggest&q=${encodeURIComponent(query)}`, { headers: { Accept: "application/json" } });
        const names = response.ok ? await response.json() : [];
        if (input.value.trim() === query) {
          list.replaceChildren(...names.map(name => Object.assign(document.createElement("option"), { value: name })));
        }
      } catch {
        // Suggestions are a convenience: without them the box still searches.
      }
    }, 150);
  });
})();
