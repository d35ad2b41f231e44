package uk.gov.gds.awsam.testsupport.aws;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} the JVM's moto server ({@link MotoServer#get()}) and fills its
 * {@code @InjectMoto MotoServer} field. The application finds the endpoint, credentials and region in the
 * {@code moto.*} properties below; an init arg names further properties to set to the endpoint:
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(KafkaTestResource.class)
 * &#64;WithTestResource(value = MotoTestResource.class,
 *         initArgs = &#64;ResourceArg(name = MotoTestResource.ENDPOINT_PROPERTIES, value = "provisioner.aws.endpoint"))
 * class AccountProvisioningTest {
 *     &#64;InjectMoto
 *     MotoServer moto;
 *
 *     &#64;BeforeEach
 *     void reset() {
 *         moto.reset();
 *     }
 * }
 * </pre>
 */
public class MotoTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: comma-separated configuration properties the resource sets to moto's endpoint. */
    public static final String ENDPOINT_PROPERTIES = "endpoint-properties";

    public static final String ENDPOINT_URL = "moto.endpoint-url";
    public static final String ACCESS_KEY_ID = "moto.access-key-id";
    public static final String SECRET_ACCESS_KEY = "moto.secret-access-key";
    public static final String REGION = "moto.region";

    private String[] endpointProperties = new String[0];

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.getOrDefault(ENDPOINT_PROPERTIES, "");
        endpointProperties = names.isBlank() ? new String[0] : names.split("\\s*,\\s*");
    }

    @Override
    public Map<String, String> start() {
        MotoServer moto = MotoServer.get();
        Map<String, String> config = new HashMap<>();
        config.put(ENDPOINT_URL, moto.endpoint().toString());
        config.put(ACCESS_KEY_ID, MotoServer.ACCESS_KEY_ID);
        config.put(SECRET_ACCESS_KEY, MotoServer.SECRET_ACCESS_KEY);
        config.put(REGION, MotoServer.REGION);
        for (String property : endpointProperties) {
            config.put(property, moto.endpoint().toString());
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(MotoServer.get(), new TestInjector.AnnotatedAndMatchesType(InjectMoto.class, MotoServer.class));
    }

    @Override
    public void stop() {
        // The moto server lives for the whole JVM; a shutdown hook stops it by its PID.
    }
}
