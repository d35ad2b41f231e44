package uk.gov.gds.awsam.notifier.client;

import org.jboss.logging.MDC;

/**
 * Puts the request id in the logging MDC (the JSON logs' {@code mdc.requestId}) around one log call. Emails are
 * sent and recorded on whichever thread completes the work before, so the id is set where the line is written.
 */
public final class RequestMdc {

    public static final String REQUEST_ID = "requestId";

    private RequestMdc() {
    }

    public static void log(String requestId, Runnable logLine) {
        Object previous = MDC.get(REQUEST_ID);
        MDC.put(REQUEST_ID, requestId);
        try {
            logLine.run();
        } finally {
            if (previous == null) {
                MDC.remove(REQUEST_ID);
            } else {
                MDC.put(REQUEST_ID, previous);
            }
        }
    }
}
