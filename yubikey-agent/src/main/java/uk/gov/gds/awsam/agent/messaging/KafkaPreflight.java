package uk.gov.gds.awsam.agent.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import uk.gov.gds.awsam.agent.domain.TaskLog;
import uk.gov.gds.awsam.events.EventType;
import uk.gov.gds.awsam.preflight.Finding;

/**
 * The preflight of Kafka with the agent's own client settings (agent.kafka.*, its user and TLS): the broker answers and
 * accepts the login; the broker's authorizer says this user may read the topics the agent follows and write the topics
 * it publishes to (a topic description with the caller's authorized operations: nothing is written); and the tasks
 * rebuild from the topics, as {@code tasks} and {@code seed} do (which reads, and also decodes through the registry).
 */
public final class KafkaPreflight {

    static final String SYSTEM = "kafka";
    static final String CONNECT = "connect and log in";
    static final String READ = "may read the topics it follows";
    static final String WRITE = "may write the topics it publishes to";
    static final String TASKS = "rebuild the tasks from the topics";

    private final KafkaConnection connection;

    public KafkaPreflight(KafkaConnection connection) {
        this.connection = connection;
    }

    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(connection.clientProperties());
        int timeoutMillis = (int) connection.answerTimeout().toMillis();
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "yubikey-agent-preflight");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMillis, 30_000));
        keepAdminSettings(config);
        String current = CONNECT;
        Admin admin = Admin.create(config);
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis));
            int brokers = get(cluster.nodes()).size();
            findings.add(Finding.pass(SYSTEM, CONNECT, connection.bootstrapServers() + ": cluster " + get(cluster.clusterId()) + ", "
                    + brokers + " broker" + (brokers == 1 ? "" : "s")));
            current = READ;
            Map<String, Set<AclOperation>> allowed = allowedOperations(admin, timeoutMillis, findings);
            if (allowed != null) {
                findings.add(permission(READ, EventMapping.READ, AclOperation.READ, allowed));
                findings.add(permission(WRITE, EventMapping.WRITE, AclOperation.WRITE, allowed));
            }
        } catch (Unanswered e) {
            findings.add(Finding.fail(SYSTEM, current, e.getMessage()));
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
        if (findings.stream().noneMatch(finding -> finding.outcome() == Finding.Outcome.FAIL)) {
            try {
                int pending = new KafkaTaskLog(connection).rebuild().pending().size();
                findings.add(Finding.pass(SYSTEM, TASKS, pending + " pending root-MFA task" + (pending == 1 ? "" : "s")));
            } catch (TaskLog.Unavailable e) {
                findings.add(Finding.fail(SYSTEM, TASKS, e.getMessage() + ": check agent.kafka.* and the agent's READ grants"));
            }
        }
        for (String check : List.of(CONNECT, READ, WRITE, TASKS)) {
            if (findings.stream().noneMatch(finding -> finding.check().equals(check))) {
                findings.add(Finding.cannotCheck(SYSTEM, check, "an earlier check failed"));
            }
        }
        return findings;
    }

    /** The operations the broker's authorizer allows this user on each topic; null when a finding says why not. */
    private Map<String, Set<AclOperation>> allowedOperations(Admin admin, int timeoutMillis, List<Finding> findings) {
        List<String> topics = new ArrayList<>();
        EventMapping.READ.forEach(type -> topics.add(type.topic()));
        EventMapping.WRITE.stream().map(EventType::topic).filter(topic -> !topics.contains(topic)).forEach(topics::add);
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics,
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(timeoutMillis)).topicNameValues();
        Map<String, Set<AclOperation>> allowed = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (String topic : topics) {
            try {
                Set<AclOperation> operations = get(described.get(topic)).authorizedOperations();
                if (operations == null) {
                    findings.add(Finding.cannotCheck(SYSTEM, READ, "the broker does not report a user's authorized operations (Kafka before 2.3)"));
                    findings.add(Finding.cannotCheck(SYSTEM, WRITE, "the broker does not report a user's authorized operations (Kafka before 2.3); "
                            + "writing cannot be checked without publishing an event"));
                    return null;
                }
                allowed.put(topic, operations);
            } catch (Unanswered e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                } else if (e.getCause() instanceof TopicAuthorizationException) {
                    hidden.add(topic);
                } else {
                    throw e;
                }
            }
        }
        if (!missing.isEmpty() || !hidden.isEmpty()) {
            String what = (missing.isEmpty() ? "" : "the topics " + String.join(", ", missing) + " do not exist: create them (deploy/k8s topics)")
                    + (!missing.isEmpty() && !hidden.isEmpty() ? "; " : "")
                    + (hidden.isEmpty() ? "" : "this user may not even describe " + String.join(", ", hidden)
                            + ": grant the agent's Kafka user DESCRIBE and READ (WRITE for the topics it publishes to) on them");
            findings.add(Finding.fail(SYSTEM, READ, what));
            return null;
        }
        return allowed;
    }

    private static Finding permission(String check, List<EventType> types, AclOperation needed, Map<String, Set<AclOperation>> allowed) {
        List<String> topics = types.stream().map(EventType::topic).toList();
        List<String> denied = topics.stream().filter(topic -> !allows(allowed.get(topic), needed)).toList();
        if (denied.isEmpty()) {
            return Finding.pass(SYSTEM, check, "the broker allows " + needed + " on " + String.join(", ", topics)
                    + (needed == AclOperation.WRITE ? " (asked of the broker's authorizer: nothing was written)" : ""));
        }
        return Finding.fail(SYSTEM, check, "the agent's Kafka user may not " + needed.name().toLowerCase(java.util.Locale.ROOT) + " "
                + String.join(", ", denied) + ": grant it " + needed + " on " + (denied.size() == 1 ? "that topic" : "those topics"));
    }

    private static boolean allows(Set<AclOperation> operations, AclOperation needed) {
        return operations.contains(needed) || operations.contains(AclOperation.ALL);
    }

    /** Only the settings an admin client knows: the agent's file may hold consumer or producer settings too. */
    private static void keepAdminSettings(Map<String, Object> config) {
        config.keySet().retainAll(AdminClientConfig.configNames());
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(connection.answerTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unanswered("interrupted", e);
        } catch (TimeoutException e) {
            throw new Unanswered(timedOut(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SaslAuthenticationException) {
                throw new Unanswered("Kafka at " + connection.bootstrapServers() + " refused the login (" + cause.getMessage()
                        + "): check agent.kafka.sasl.jaas.config (user and password) and agent.kafka.sasl.mechanism", cause);
            }
            if (cause instanceof SslAuthenticationException) {
                throw new Unanswered("the TLS handshake with Kafka at " + connection.bootstrapServers() + " failed (" + cause.getMessage()
                        + "): check agent.kafka.ssl.truststore.location holds the cluster's CA, and agent.kafka.security.protocol", cause);
            }
            if (cause instanceof AuthenticationException) {
                throw new Unanswered("Kafka at " + connection.bootstrapServers() + " did not authenticate the agent (" + cause.getMessage()
                        + "): check agent.kafka.security.protocol and agent.kafka.sasl.*", cause);
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new Unanswered(timedOut(), cause);
            }
            throw new Unanswered(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    private String timedOut() {
        return "Kafka at " + connection.bootstrapServers() + " did not answer within " + connection.answerTimeout().toSeconds()
                + " s: check agent.kafka.bootstrap.servers (or KAFKA_BOOTSTRAP_SERVERS) and that this machine can reach it (VPN)";
    }

    /** Kafka did not answer a question, or refused it; the message says what to change. */
    private static final class Unanswered extends RuntimeException {
        Unanswered(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
