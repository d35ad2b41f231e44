package uk.gov.gds.awsam.contract;

import java.util.Locale;

/**
 * The attributes of the {@link TerraformResource}s in the system's files (and {@link #PREVENT_DESTROY}, inside an
 * account's {@code lifecycle}): which resource has which is said there.
 */
public enum TerraformAttribute {
    NAME, EMAIL, ROLE_NAME, IAM_USER_ACCESS_TO_BILLING, PARENT_ID, TAGS, LIFECYCLE, PREVENT_DESTROY, CLOSE_ON_DELETION,
    CREATE_GOVCLOUD, FORCE_DESTROY, PATH, USER, GROUPS, DEPENDS_ON;

    /** The name as Terraform spells it: the constant's, in lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
