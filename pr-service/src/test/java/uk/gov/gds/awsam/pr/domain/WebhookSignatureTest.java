package uk.gov.gds.awsam.pr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import uk.gov.gds.awsam.testsupport.github.WebhookSender;

class WebhookSignatureTest {

    final WebhookSignature signature = new WebhookSignature("It's a Secret to Everybody");

    @Test
    void githubsDocumentedExample() {
        // https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify(body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).isTrue();
    }

    @Test
    void agreesWithTheSandboxAndRefusesAnythingElse() {
        byte[] body = "{\"action\":\"closed\"}".getBytes(StandardCharsets.UTF_8);
        String good = WebhookSender.signature(body, "It's a Secret to Everybody");
        assertThat(signature.verify(body, good)).isTrue();
        assertThat(signature.verify(body, good.toUpperCase())).isFalse();
        assertThat(signature.verify(body, good.substring(0, good.length() - 1))).isFalse();
        assertThat(signature.verify(body, good.replace("sha256=", "sha1="))).isFalse();
        assertThat(signature.verify(body, "sha256=" + "z".repeat(64))).isFalse();
        assertThat(signature.verify(body, null)).isFalse();
        assertThat(signature.verify("{}".getBytes(StandardCharsets.UTF_8), good)).isFalse();
    }
}
