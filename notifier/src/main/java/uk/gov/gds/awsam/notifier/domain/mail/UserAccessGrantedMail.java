package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

import uk.gov.gds.awsam.notifier.domain.Request;

/** To the requester: a person they asked access for now has an IAM user (never the password). */
public record UserAccessGrantedMail(Request request, String userName, String arn, List<String> groups, String statusUrl) {
}
