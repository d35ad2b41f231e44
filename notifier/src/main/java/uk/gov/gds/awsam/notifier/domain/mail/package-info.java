/**
 * What each email template shows: one record per template (templates/emails/<name>.html and .txt declare
 * theirs, so Qute checks every expression against it at build time).
 */
package uk.gov.gds.awsam.notifier.domain.mail;
