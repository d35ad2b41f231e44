package uk.gov.gds.awsam.terraform.domain;

import java.time.Instant;

/** Why a request could not be turned into Terraform: what RequestFailed says ({@code messaging} maps it to the event). */
public record Refusal(String eventId, String requestId, Instant occurredAt, String causationId, String stage, String reason,
        boolean retryable, int attempt, String whatNext) {
}
