package uk.gov.gds.awsam.provisioner.domain;

import java.nio.ByteBuffer;

/**
 * A new initial password sealed to the notifier's public key (schemas' {@code SealedSecrets}): the fields of the
 * events' {@code SealedSecret}, which messaging maps it to. The domain only carries it; only the notifier opens it.
 */
public record SealedPassword(String algorithm, String keyId, ByteBuffer encryptedKey, ByteBuffer iv, ByteBuffer ciphertext) {
}
