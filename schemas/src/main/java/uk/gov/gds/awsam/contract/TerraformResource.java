package uk.gov.gds.awsam.contract;

import static uk.gov.gds.awsam.contract.TerraformAttribute.CLOSE_ON_DELETION;
import static uk.gov.gds.awsam.contract.TerraformAttribute.CREATE_GOVCLOUD;
import static uk.gov.gds.awsam.contract.TerraformAttribute.DEPENDS_ON;
import static uk.gov.gds.awsam.contract.TerraformAttribute.EMAIL;
import static uk.gov.gds.awsam.contract.TerraformAttribute.FORCE_DESTROY;
import static uk.gov.gds.awsam.contract.TerraformAttribute.GROUPS;
import static uk.gov.gds.awsam.contract.TerraformAttribute.IAM_USER_ACCESS_TO_BILLING;
import static uk.gov.gds.awsam.contract.TerraformAttribute.LIFECYCLE;
import static uk.gov.gds.awsam.contract.TerraformAttribute.NAME;
import static uk.gov.gds.awsam.contract.TerraformAttribute.PARENT_ID;
import static uk.gov.gds.awsam.contract.TerraformAttribute.PATH;
import static uk.gov.gds.awsam.contract.TerraformAttribute.ROLE_NAME;
import static uk.gov.gds.awsam.contract.TerraformAttribute.TAGS;
import static uk.gov.gds.awsam.contract.TerraformAttribute.USER;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Terraform resource types in the system's files (see {@link TerraformLayout}) and, for each, the attributes
 * terraform-generator writes and the further ones the provisioner accepts and can apply as written (with the
 * {@link TerraformLayout#COMMENT comment} key): anything else in a merged file is refused.
 */
public enum TerraformResource {

    /** A member account of the organisation, keyed by its account name; {@code create_govcloud} is accepted only when false. */
    ORGANIZATIONS_ACCOUNT("aws_organizations_account", List.of(NAME, EMAIL, ROLE_NAME, IAM_USER_ACCESS_TO_BILLING, PARENT_ID, TAGS,
            LIFECYCLE), List.of(CLOSE_ON_DELETION, CREATE_GOVCLOUD)),
    /** An IAM user of gds-users, named by its email. */
    IAM_USER("aws_iam_user", List.of(NAME, FORCE_DESTROY), List.of(PATH, TAGS)),
    /** A user's membership of IAM groups, keyed like its user. */
    IAM_USER_GROUP_MEMBERSHIP("aws_iam_user_group_membership", List.of(USER, GROUPS, DEPENDS_ON), List.of());

    private final String type;
    private final Set<String> written;
    private final Set<String> accepted;

    TerraformResource(String type, List<TerraformAttribute> written, List<TerraformAttribute> alsoAccepted) {
        this.type = type;
        this.written = keys(written);
        Set<String> accepted = new LinkedHashSet<>(this.written);
        accepted.addAll(keys(alsoAccepted));
        accepted.add(TerraformLayout.COMMENT);
        this.accepted = Set.copyOf(accepted);
    }

    private static Set<String> keys(List<TerraformAttribute> attributes) {
        Set<String> keys = new LinkedHashSet<>();
        attributes.forEach(attribute -> keys.add(attribute.key()));
        return Set.copyOf(keys);
    }

    /** The Terraform type name, e.g. {@code aws_organizations_account}. */
    public String type() {
        return type;
    }

    /** {@code <type>.<key>}: how Terraform refers to the resource with that key. */
    public String address(String key) {
        return type + "." + key;
    }

    /** The attributes terraform-generator writes. */
    public Set<String> written() {
        return written;
    }

    /**
     * A resource's body as written: its attributes keyed as Terraform spells them, which must be exactly those the type
     * is written with.
     *
     * @throws IllegalArgumentException when an attribute is missing or is not one the type is written with
     */
    public Map<String, Object> body(Map<TerraformAttribute, ?> attributes) {
        Map<String, Object> body = new LinkedHashMap<>();
        attributes.forEach((attribute, value) -> body.put(attribute.key(), value));
        if (!body.keySet().equals(written)) {
            throw new IllegalArgumentException(type + " is written with " + written + ", not " + body.keySet());
        }
        return body;
    }

    /** The attributes the provisioner accepts: those written, those it can also apply as written, and the comment key. */
    public Set<String> accepted() {
        return accepted;
    }

    /** The type names of some resources (with the comment key, which Terraform ignores). */
    public static Set<String> typesOf(Set<TerraformResource> resources) {
        Set<String> types = new LinkedHashSet<>();
        resources.forEach(resource -> types.add(resource.type));
        types.add(TerraformLayout.COMMENT);
        return Set.copyOf(types);
    }
}
