// Salkku's script: starts govuk-frontend's components (ES module). htmx is loaded beside it.
import { initAll } from "./govuk-frontend.min.js";

initAll();
