/**
 * The request contract: the values a request is made of, each with the one rule that request-service checks at the
 * edge and terraform-generator checks again before writing files (issue 19: one set of rules). Each type validates
 * itself when made and says in words what is wrong, in the words request-service shows people
 * ({@code errors[].detail} of its problem+json); pure Java, so any service's domain may use it. The AWS ids the
 * services pass on ({@link uk.gov.gds.awsam.contract.AccountId}, {@link uk.gov.gds.awsam.contract.ParentId}) are here
 * too, so each is checked by one rule.
 *
 * <p>And the Terraform layout contract ({@link uk.gov.gds.awsam.contract.TerraformLayout},
 * {@link uk.gov.gds.awsam.contract.TerraformResource}): the paths, blocks, resource types and attributes of the files
 * terraform-generator writes, pr-service commits and the provisioner applies (issue 19: one contract, not three copies).
 */
package uk.gov.gds.awsam.contract;
