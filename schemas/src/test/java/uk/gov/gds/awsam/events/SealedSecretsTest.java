package uk.gov.gds.awsam.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {

    private static final KeyPair NOTIFIER = SealedSecrets.generateKeyPair();
    private static final byte[] PASSWORD = "Kx9#mQ2!vL7$pR4&wZ8*".getBytes(StandardCharsets.UTF_8);

    @Test
    void onlyTheRecipientOpensWhatWasSealedToIt() {
        SealedSecret sealed = SealedSecrets.seal(PASSWORD, NOTIFIER.getPublic());

        assertThat(SealedSecrets.open(sealed, NOTIFIER)).isEqualTo(PASSWORD);
        assertThat(sealed.getAlgorithm()).isEqualTo("RSA-OAEP-256+A256GCM");
        assertThat(sealed.getKeyId()).isEqualTo(SealedSecrets.keyId(NOTIFIER.getPublic())).hasSize(64);
        assertThatThrownBy(() -> SealedSecrets.open(sealed, SealedSecrets.generateKeyPair()))
                .hasMessageContaining("sealed to key");
    }

    @Test
    void anAlteredByteIsRefused() {
        SealedSecret sealed = SealedSecrets.seal(PASSWORD, NOTIFIER.getPublic());
        byte[] ciphertext = sealed.getCiphertext().array().clone();
        ciphertext[0] ^= 1;
        sealed.setCiphertext(ByteBuffer.wrap(ciphertext));
        assertThatThrownBy(() -> SealedSecrets.open(sealed, NOTIFIER)).hasMessageContaining("could not be opened");
    }

    @Test
    void anotherAlgorithmIsRefused() {
        SealedSecret sealed = SealedSecrets.seal(PASSWORD, NOTIFIER.getPublic());
        sealed.setAlgorithm("none");
        assertThatThrownBy(() -> SealedSecrets.open(sealed, NOTIFIER)).hasMessageContaining("sealed with none");
    }

    @Test
    void theSecretIsNotInTheSerialisedEvent() throws Exception {
        SealedSecret sealed = SealedSecrets.seal(PASSWORD, NOTIFIER.getPublic());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(SealedSecret.class).write(sealed, encoder);
        encoder.flush();
        assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(PASSWORD, StandardCharsets.ISO_8859_1));
    }

    @Test
    void keysRoundTripThroughPem() {
        String privatePem = SealedSecrets.privateKeyPem(NOTIFIER.getPrivate());
        String publicPem = SealedSecrets.publicKeyPem(NOTIFIER.getPublic());
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----");

        KeyPair read = SealedSecrets.readKeyPair(privatePem);
        SealedSecret sealed = SealedSecrets.seal(PASSWORD, SealedSecrets.readPublicKey(publicPem));
        assertThat(SealedSecrets.open(sealed, read)).isEqualTo(PASSWORD);
        assertThatThrownBy(() -> SealedSecrets.readPublicKey("-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
