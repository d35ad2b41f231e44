package uk.gov.gds.awsam.notifier.domain.mail;

import java.util.List;

import uk.gov.gds.awsam.notifier.domain.Request;

/**
 * To the requester: a person they asked access for now has an IAM user (never the password).
 *
 * @param adopted      whether the person already had an IAM user, which was kept
 * @param passwordSent whether the person was sent an initial password (false: their existing one is unchanged)
 */
public record UserAccessGrantedMail(Request request, String userName, String arn, List<String> groups, boolean adopted,
        boolean passwordSent, String statusUrl) {
}
