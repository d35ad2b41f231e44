// GOV.UK Frontend's check that JavaScript runs (its template has it inline; the Content-Security-Policy allows only files).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
