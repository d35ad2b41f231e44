package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

import uk.gov.gds.awsam.notifier.domain.Request;

/** To the requester: a person's IAM user was removed, with what went and the trust policies still naming them. */
public record UserRemovedMail(Request request, String userName, List<String> removed, List<String> trustPolicies,
        String statusUrl) {
}
