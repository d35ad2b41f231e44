package uk.gov.gds.awsam.agent.cli;

import jakarta.inject.Singleton;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import picocli.CommandLine;

/** Lets picocli create its commands as CDI beans, so that they get the agent's parts injected. */
@Singleton
public class CdiFactory implements CommandLine.IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
        InstanceHandle<K> bean = Arc.container().instance(type);
        return bean.isAvailable() ? bean.get() : CommandLine.defaultFactory().create(type);
    }
}
