// Search page: autocomplete for the bar and for the drinks of the chosen bar.
import { attachCombobox } from './combobox.js';

for (const input of document.querySelectorAll('#search-form [role="combobox"]')) {
  attachCombobox(input);
}
