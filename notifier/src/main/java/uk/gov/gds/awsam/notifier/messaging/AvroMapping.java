package uk.gov.gds.awsam.notifier.messaging;

import java.util.List;

import uk.gov.gds.awsam.events.AccountClosed;
import uk.gov.gds.awsam.events.AccountClosing;
import uk.gov.gds.awsam.events.AccountRequest;
import uk.gov.gds.awsam.events.BootstrapRoleChecked;
import uk.gov.gds.awsam.events.ClosureRequest;
import uk.gov.gds.awsam.events.PrClosed;
import uk.gov.gds.awsam.events.PrOpened;
import uk.gov.gds.awsam.events.RequestFailed;
import uk.gov.gds.awsam.events.RequestSubmitted;
import uk.gov.gds.awsam.events.RequestWaiting;
import uk.gov.gds.awsam.events.RootMfaRemoved;
import uk.gov.gds.awsam.events.RootMfaRequested;
import uk.gov.gds.awsam.events.RootMfaSeeded;
import uk.gov.gds.awsam.events.RootSecured;
import uk.gov.gds.awsam.events.SealedSecret;
import uk.gov.gds.awsam.events.UserCreated;
import uk.gov.gds.awsam.events.UserRemoved;
import uk.gov.gds.awsam.events.YubikeysReturned;
import uk.gov.gds.awsam.notifier.domain.Facts;
import uk.gov.gds.awsam.notifier.domain.InitialPassword;
import uk.gov.gds.awsam.notifier.domain.Journey;
import uk.gov.gds.awsam.notifier.domain.Request;

/** The events' Avro form to the domain's facts. */
final class AvroMapping {

    private AvroMapping() {
    }

    static Facts.Submitted submitted(RequestSubmitted submitted) {
        return new Facts.Submitted(submitted.getEventId(), request(submitted));
    }

    static Request request(RequestSubmitted submitted) {
        return new Request(submitted.getRequestId(), Journey.valueOf(submitted.getKind().name()),
                submitted.getRequesterEmail(), account(submitted.getAccount()), list(submitted.getUserEmails()),
                closure(submitted.getClosure()));
    }

    private static Request.Closure closure(ClosureRequest closure) {
        return closure == null ? null : new Request.Closure(closure.getAccountId(), closure.getAccountName(), closure.getReason(),
                list(closure.getAdminUserEmails()));
    }

    private static Request.Account account(AccountRequest account) {
        if (account == null) {
            return null;
        }
        var team = account.getTeam();
        var lead = team.getLead();
        var service = account.getService();
        var security = account.getSecurity();
        return new Request.Account(account.getName(), account.getDescription(), account.getOrganisation(),
                account.getCostCentre(),
                new Request.Team(team.getName(), team.getEmail(), lead.getName(), lead.getEmail(), lead.getPhone(), lead.getRole()),
                new Request.SupportedService(service.getName(), service.getOutOfHoursSupport(), service.getOutOfHoursPhone(),
                        service.getOutOfHoursEmail()),
                new Request.Security(security.getAlertPriority().name(), security.getCriticalResources(),
                        security.getHoldsPii(), security.getHoldsPciData()),
                list(account.getAdminUserEmails()));
    }

    static Facts.PullRequestOpened prOpened(PrOpened e) {
        return new Facts.PullRequestOpened(e.getEventId(), e.getRequestId(), e.getRepository(), e.getNumber(), e.getUrl());
    }

    static Facts.PullRequestClosed prClosed(PrClosed e) {
        return new Facts.PullRequestClosed(e.getEventId(), e.getRequestId(), e.getRepository(), e.getNumber(), e.getClosedBy());
    }

    static Facts.RootMfaNeeded rootMfaRequested(RootMfaRequested e) {
        return new Facts.RootMfaNeeded(e.getEventId(), e.getRequestId(), e.getAccountId(), e.getAccountName(),
                e.getRootEmail(), e.getCredentialName(), e.getKeysRequired(), e.getConsoleSignInUrl());
    }

    static Facts.RootMfaSeeded rootMfaSeeded(RootMfaSeeded e) {
        return new Facts.RootMfaSeeded(e.getEventId(), e.getRequestId(), e.getAccountId(), e.getEngineer(),
                list(e.getYubikeySerials()));
    }

    static Facts.AccountSecured rootSecured(RootSecured e) {
        return new Facts.AccountSecured(e.getEventId(), e.getRequestId(), e.getOccurredAt(), e.getAccountId(),
                e.getBootstrapRoleArn(), list(e.getTrustedPrincipalArns()), list(e.getMissingAdminUserEmails()));
    }

    static Facts.KeysReturned yubikeysReturned(YubikeysReturned e) {
        return new Facts.KeysReturned(e.getEventId(), e.getRequestId(), e.getAccountId());
    }

    static Facts.UserCreated userCreated(UserCreated e) {
        SealedSecret sealed = e.getSealedInitialPassword();
        return new Facts.UserCreated(e.getEventId(), e.getRequestId(), e.getUserName(), e.getArn(), list(e.getGroups()),
                e.getAdopted(), sealed == null ? null : new InitialPassword.Sealed(sealed.getAlgorithm(), sealed.getKeyId(),
                        sealed.getEncryptedKey(), sealed.getIv(), sealed.getCiphertext()));
    }

    static Facts.UserRemoved userRemoved(UserRemoved e) {
        return new Facts.UserRemoved(e.getEventId(), e.getRequestId(), e.getUserName(), list(e.getRemoved()),
                list(e.getTrustPoliciesStillNamingUser()), list(e.getUnreadableAccounts()), e.getUserExisted());
    }

    static Facts.Failure requestFailed(RequestFailed e) {
        return new Facts.Failure(e.getEventId(), e.getRequestId(), e.getStage(), e.getReason(), e.getRetryable(), e.getAttempt(),
                e.getWhatNext());
    }

    static Facts.Waiting requestWaiting(RequestWaiting e) {
        return new Facts.Waiting(e.getEventId(), e.getRequestId(), e.getStage(), e.getWaitingFor(), e.getReason(), e.getUntil());
    }

    static Facts.Closing accountClosing(AccountClosing e) {
        return new Facts.Closing(e.getEventId(), e.getRequestId(), e.getAccountId(), e.getAccountName(), e.getSuspendedParentId(),
                e.getClosureRequestedAt());
    }

    static Facts.Closed accountClosed(AccountClosed e) {
        return new Facts.Closed(e.getEventId(), e.getRequestId(), e.getAccountId(), e.getAccountName(), e.getClosedAt(),
                e.getReinstatableUntil());
    }

    static Facts.MfaRemoved rootMfaRemoved(RootMfaRemoved e) {
        return new Facts.MfaRemoved(e.getEventId(), e.getRequestId(), e.getAccountId(), e.getCredentialName(),
                list(e.getYubikeySerials()));
    }

    static Facts.BootstrapRoleChecked bootstrapRoleChecked(BootstrapRoleChecked e) {
        return new Facts.BootstrapRoleChecked(e.getEventId(), e.getRequestId(), e.getAccountId(), e.getAccountName(), e.getRoleName(),
                Facts.BootstrapRoleChecked.RoleState.valueOf(e.getState().name()), e.getDetail(), e.getHandedOverAt(),
                e.getCheckedAt(), e.getNextCheckAt());
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
