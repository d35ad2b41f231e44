package uk.gov.gds.awsam.terraform.domain;

/**
 * A RequestSubmitted the generator cannot turn into Terraform, whatever number of times it is delivered.
 * The message names the field and says what is wrong, in words an engineer can act on; it never holds a
 * secret (a request holds none).
 */
public class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
    }
}
