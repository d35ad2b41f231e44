package uk.gov.gds.awsam.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class RequestMdcTest {

    @Test
    void theLineHasTheRequestIdAndWhatWasThereBeforeIsPutBack() {
        List<Object> seen = new ArrayList<>();
        RequestMdc.log("request-1", () -> seen.add(MDC.get(RequestMdc.REQUEST_ID)));
        assertThat(MDC.get(RequestMdc.REQUEST_ID)).isNull();

        MDC.put(RequestMdc.REQUEST_ID, "outer");
        try {
            RequestMdc.log("request-2", () -> seen.add(MDC.get(RequestMdc.REQUEST_ID)));
            assertThat(MDC.get(RequestMdc.REQUEST_ID)).isEqualTo("outer");
        } finally {
            MDC.remove(RequestMdc.REQUEST_ID);
        }
        assertThat(seen).containsExactly("request-1", "request-2");
    }
}
