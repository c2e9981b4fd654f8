// Autocomplete for the fields _Autocomplete.cshtml renders: an ARIA 1.2 combobox with a listbox popup. Suggestions come
// from the page's handler, so matching is the API's (case- and accent-insensitive prefix) and names are shown as stored.
const debounceMs = 150;

export function attachCombobox(input) {
  const list = document.getElementById(input.getAttribute('aria-controls'));
  const dependsOn = input.dataset.dependsOn ? document.getElementById(input.dataset.dependsOn) : null;
  let active = -1;
  let latestRequest = 0;
  let timer;

  const options = () => list.querySelectorAll('[role="option"]');

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function render(names) {
    list.replaceChildren(...names.map((name, index) => {
      const option = document.createElement('li');
      option.id = `${list.id}-${index}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.textContent = name;
      return option;
    }));
    active = -1;
    if (names.length === 0 || document.activeElement !== input) {
      close();
      return;
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function highlight(index) {
    const all = options();
    if (all.length === 0) {
      return;
    }
    active = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', all[active].id);
    all[active].scrollIntoView({ block: 'nearest' });
  }

  function choose(option) {
    input.value = option.textContent;
    close();
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  async function suggest() {
    const params = new URLSearchParams({ prefix: input.value.trim() });
    if (dependsOn) {
      // A drink list needs its bar; an empty prefix lists the bar's drinks.
      if (!dependsOn.value.trim()) {
        render([]);
        return;
      }
      params.set('bar', dependsOn.value.trim());
    } else if (!params.get('prefix')) {
      render([]);
      return;
    }

    const request = ++latestRequest;
    let names = [];
    try {
      const response = await fetch(`${input.dataset.suggest}&${params}`, { headers: { Accept: 'application/json' } });
      names = response.ok ? await response.json() : [];
    } catch {
      // Suggestions are a convenience: typing the full name still works.
    }
    if (request === latestRequest) {
      render(names);
    }
  }

  input.addEventListener('input', () => {
    // What is listed, or still on its way, no longer matches what is typed: hide it and drop late answers, rather
    // than let Enter pick a stale name.
    close();
    latestRequest++;
    clearTimeout(timer);
    timer = setTimeout(suggest, debounceMs);
  });
  if (dependsOn) {
    input.addEventListener('focus', suggest);
  }
  input.addEventListener('keydown', (event) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (list.hidden) {
          suggest();
        } else {
          highlight(active + 1);
        }
        break;
      case 'ArrowUp':
        if (!list.hidden) {
          event.preventDefault();
          highlight(active - 1);
        }
        break;
      case 'Enter':
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(options()[active]);
        }
        break;
      case 'Escape':
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
        break;
      default:
        break;
    }
  });
  input.addEventListener('blur', close);
  // Keep focus in the field while an option is clicked, so blur does not close the list first.
  list.addEventListener('mousedown', (event) => event.preventDefault());
  list.addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) {
      choose(option);
    }
  });
}
