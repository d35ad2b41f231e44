package uk.gov.gds.awsam.agent.domain;

/** A YubiKey the engineer registered with {@code yubikey-agent keys add}: its serial and a label. */
public record KnownKey(String serial, String label) {

    public KnownKey {
        if (serial == null || !serial.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("a YubiKey serial is a number of up to 10 digits, as `ykman list --serials` prints it");
        }
        label = label == null ? "" : label.strip();
    }

    /** "12345678 (safe key A)", or the serial alone. */
    public String describe() {
        return label.isEmpty() ? serial : serial + " (" + label + ")";
    }
}
