package uk.gov.gds.awsam.provisioner.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the provisioner's roles must be allowed, in one place: the policy documents a platform team gives the
 * organisations role and the gds-users role are the files next to this class ({@code policies/*.json}); the local
 * run's seeding and the test set-up give the emulator's roles exactly these, and the preflight simulates every action
 * they list. {@code PermissionsCoverTheClientsTest} fails when a client calls an AWS operation they do not list.
 */
public final class ProvisionerPermissions {

    /** A role the provisioner assumes with its base credentials, and the policy it needs. */
    public enum Role {
        ORGANIZATIONS("organisations role", "organizations-role.json"),
        GDS_USERS("gds-users role", "gds-users-role.json");

        private final String words;
        private final String file;

        Role(String words, String file) {
            this.words = words;
            this.file = file;
        }

        public String words() {
            return words;
        }

        /** Where the policy document is in the repository, for the person who must change it. */
        public String source() {
            return "provisioner/src/main/resources/uk/gov/gds/awsam/provisioner/client/policies/" + file;
        }

        /** The policy document, as the platform team creates it. */
        public String document() {
            try (InputStream in = ProvisionerPermissions.class.getResourceAsStream("policies/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing policy document policies/" + file);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The Allow statements of the document (every one names its actions and resources explicitly). */
        public List<Statement> statements() {
            try {
                List<Statement> statements = new ArrayList<>();
                for (JsonNode statement : new ObjectMapper().readTree(document()).path("Statement")) {
                    statements.add(new Statement(statement.path("Sid").asText(), strings(statement.path("Action")),
                            strings(statement.path("Resource"))));
                }
                return statements;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public List<String> actions() {
            return statements().stream().flatMap(s -> s.actions().stream()).toList();
        }
    }

    /** One Allow statement: its id, actions and resources as written. */
    public record Statement(String sid, List<String> actions, List<String> resources) {
    }

    /**
     * What the journeys do in a new account through its bootstrap role (before hand-over): CreateAccount gives that
     * role AdministratorAccess, so no policy of the provisioner's grants these.
     */
    public static final List<String> BOOTSTRAP_ROLE_ACTIONS = List.of("iam:GetRole", "iam:GetAccountSummary",
            "iam:UpdateAssumeRolePolicy", "iam:CreateRole", "iam:PutRolePolicy");

    /** What the journeys do through the audit role (its policy is {@code AuditRoles.PERMISSIONS}). */
    public static final List<String> AUDIT_ROLE_ACTIONS = List.of("iam:GetRole", "iam:GetAccountSummary");

    private ProvisionerPermissions() {
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }
}
