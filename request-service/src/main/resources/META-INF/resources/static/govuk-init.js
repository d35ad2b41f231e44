// GOV.UK Frontend's components (error summary focus, header menu, ...); every page works without them.
import { initAll } from '/govuk/govuk-frontend.min.js';
initAll();
