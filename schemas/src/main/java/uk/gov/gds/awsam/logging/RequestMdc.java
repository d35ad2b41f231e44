package uk.gov.gds.awsam.logging;

import org.jboss.logging.MDC;

/**
 * Puts the request id in the logging MDC (the JSON logs' {@code mdc.requestId}) around one log call, and puts back
 * what was there: work completes on whichever thread finished the step before, so every service sets the id where
 * the line is written, this one way.
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
