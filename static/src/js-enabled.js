// Marks the body for govuk-frontend's JavaScript-only styles before the page is drawn. A file of its own,
// loaded first in <body>, because the Content-Security-Policy allows no inline scripts.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
