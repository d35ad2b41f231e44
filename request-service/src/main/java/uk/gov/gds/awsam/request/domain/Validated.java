package uk.gov.gds.awsam.request.domain;

import java.util.List;

/** The outcome of validating an input: the value when there is no error, and every error found. */
public record Validated<T>(T value, List<FieldError> errors) {

    public Validated {
        errors = List.copyOf(errors);
        if (errors.isEmpty() && value == null) {
            throw new IllegalArgumentException("a valid input has a value");
        }
    }

    public static <T> Validated<T> valid(T value) {
        return new Validated<>(value, List.of());
    }

    public static <T> Validated<T> invalid(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid input has at least one error");
        }
        return new Validated<>(null, errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
