// A few words per check for one-line summaries (the App's check-run title, the board pack's
// headline); each check's phrase is written in its catalogue entry.
export { CHECK_PHRASES } from '../checks/catalogue.js';
