package uk.gov.gds.awsam.notifier.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the notifier knows of a request, from its RequestSubmitted: who asked, for what, and who else is
 * concerned (admins of a new account, people being added or removed, admins of an account being closed).
 *
 * @param account the account asked for; null unless the journey is {@link Journey#NEW_ACCOUNT}
 * @param userEmails the people to add or remove; empty for a new account and a closure
 * @param closure the account to close; null unless the journey is {@link Journey#ACCOUNT_CLOSURE}
 */
public record Request(String requestId, Journey journey, String requester, Account account, List<String> userEmails,
        Closure closure) {

    public Request {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(journey, "journey");
        Objects.requireNonNull(requester, "requester");
        userEmails = List.copyOf(userEmails);
        if (journey == Journey.NEW_ACCOUNT && account == null) {
            throw new IllegalArgumentException("a new-account request needs its account");
        }
        if (journey == Journey.ACCOUNT_CLOSURE && closure == null) {
            throw new IllegalArgumentException("a closure request needs the account to close");
        }
    }

    public boolean isNewAccount() {
        return journey == Journey.NEW_ACCOUNT;
    }

    public boolean isUserAccess() {
        return journey == Journey.USER_ACCESS;
    }

    public boolean isAccountClosure() {
        return journey == Journey.ACCOUNT_CLOSURE;
    }

    /** The account name, or null for user requests. */
    public String accountName() {
        return account != null ? account.name() : closure != null ? closure.accountName() : null;
    }

    /** Who is told of each step: the requester, and the admins of an account being closed; once each. */
    public List<String> toldOfEachStep() {
        List<String> people = new ArrayList<>(List.of(requester));
        if (closure != null) {
            people.addAll(closure.admins());
        }
        return distinctIgnoringCase(people);
    }

    /** What the request is about, in a few words: "new AWS account x", "AWS access for a@b and 2 more". */
    public String summary() {
        return switch (journey) {
            case NEW_ACCOUNT -> "new AWS account " + account.name();
            case USER_ACCESS -> "AWS access for " + people();
            case USER_REMOVAL -> "removal of " + people() + " from gds-users";
            case ACCOUNT_CLOSURE -> "closure of AWS account " + closure.accountName() + " (" + closure.accountId() + ")";
        };
    }

    /** The first person of a user request, and how many more. */
    public String people() {
        if (userEmails.isEmpty()) {
            return "nobody";
        }
        return userEmails.size() == 1 ? userEmails.get(0)
                : userEmails.get(0) + " and " + (userEmails.size() - 1) + " more";
    }

    /** Addresses once each, ignoring case and blanks, in their first order. */
    static List<String> distinctIgnoringCase(List<String> addresses) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> distinct = new ArrayList<>();
        for (String address : addresses) {
            if (address != null && !address.isBlank() && seen.add(address.toLowerCase(Locale.ROOT))) {
                distinct.add(address);
            }
        }
        return distinct;
    }

    /** A new account, as requested. */
    public record Account(String name, String description, String organisation, String costCentre, Team team,
            SupportedService service, Security security, List<String> admins) {

        public Account {
            admins = List.copyOf(admins);
        }
    }

    /** An account to close, as request-service found it in the organisation, and its admins as far as known. */
    public record Closure(String accountId, String accountName, String reason, List<String> admins) {

        public Closure {
            admins = List.copyOf(admins);
        }
    }

    public record Team(String name, String email, String leadName, String leadEmail, String leadPhone, String leadRole) {
    }

    /** The service the account will run and how it is supported. */
    public record SupportedService(String name, boolean outOfHoursSupport, String outOfHoursPhone, String outOfHoursEmail) {
    }

    /** What the account will hold: the risk fields. */
    public record Security(String alertPriority, String criticalResources, boolean holdsPii, boolean holdsPciData) {

        /** The risks worth a reader's attention, in words; empty when there are none. */
        public List<String> riskFlags() {
            List<String> flags = new ArrayList<>();
            if ("P1".equals(alertPriority)) {
                flags.add("alert priority P1");
            }
            if (holdsPii) {
                flags.add("holds personal data (PII)");
            }
            if (holdsPciData) {
                flags.add("holds payment card data (PCI)");
            }
            if (criticalResources != null && !criticalResources.isBlank()) {
                flags.add("critical resources");
            }
            return flags;
        }
    }
}
