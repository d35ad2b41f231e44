# The parts of the local run: where each listens and how each starts and is awaited. Sourced by up and
# restart after lib/run.sh.

KAFKA_PORT="${KAFKA_PORT:-9092}"; CONTROLLER_PORT="${CONTROLLER_PORT:-9093}"
REGISTRY_PORT="${REGISTRY_PORT:-8081}"; MOTO_PORT="${MOTO_PORT:-5000}"
SMTP_PORT="${SMTP_PORT:-3025}"; GREENMAIL_API_PORT="${GREENMAIL_API_PORT:-8086}"
GITHUB_PORT="${GITHUB_PORT:-8089}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"; KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-8181}"
KEYCLOAK_REALM_FILE="$HERE/keycloak/aws-accounts-realm.json"
# service name and port, in start order (the order events flow)
SERVICE_PORTS=(
  "request-service ${REQUEST_SERVICE_PORT:-8080}"
  "terraform-generator ${TERRAFORM_GENERATOR_PORT:-8082}"
  "pr-service ${PR_SERVICE_PORT:-8083}"
  "provisioner ${PROVISIONER_PORT:-8084}"
  "notifier ${NOTIFIER_PORT:-8085}"
)
INFRA_PARTS=(keycloak kafka registry moto greenmail github)
# AWS: moto behind the strict layer (test-support), which answers as AWS does where moto is kinder. Its profile:
# "test" (AWS's delays in seconds, the default), "production-like" (AWS's delays: CreateAccount 90 s, ...) or "off".
STRICT_AWS="$ROOT/test-support/src/main/resources/uk/gov/gds/awsam/testsupport/aws/strict_aws.py"
STRICT_AWS_PROFILE="${STRICT_AWS_PROFILE:-test}"
INFRA_JAVA_OPTS="${INFRA_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
# Each service under 256 MB resident (the target of issue 10): a small heap with the serial collector, a
# capped code cache and metaspace, smaller thread stacks, and (below) two malloc arenas instead of one per
# core per thread burst. Measured with the load benchmark (README, "Measured").
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--XX:+UseSerialGC -Xmx128m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=128m}"

classpath_of() {
  local file="$1"
  [[ -f "$file" ]] || fail "$file is missing: run deploy/local/up without --no-build"
  cat "$file"
}
kafka_cp() { classpath_of "$HERE/target/kafka.classpath"; }
support_cp() {
  echo "$ROOT/test-support/target/classes:$ROOT/schemas/target/classes:$(classpath_of "$ROOT/test-support/target/runtime.classpath")"
}

service_port() {
  local entry service port
  for entry in "${SERVICE_PORTS[@]}"; do
    read -r service port <<< "$entry"
    [[ "$service" == "$1" ]] && { echo "$port"; return 0; }
  done
  return 1
}

# format_kafka: a fresh, empty broker (the registry stand-in keeps schemas in memory only).
format_kafka() {
  rm -rf "$RUN_DIR/data/kafka" "$RUN_DIR/data/registry.json"
  mkdir -p "$RUN_DIR/data/kafka" "$RUN_DIR/config" "$LOGS"
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$RUN_DIR/data/kafka#g" \
    "$HERE/config/kafka-server.properties" > "$RUN_DIR/config/kafka-server.properties"
  local cp cluster_id
  cp="$(kafka_cp)"
  cluster_id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  java -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN_DIR/config/kafka-server.properties" \
    > "$LOGS/kafka-format.log" 2>&1 || { cat "$LOGS/kafka-format.log"; fail "could not format the Kafka storage"; }
}

create_topics() {
  java $INFRA_JAVA_OPTS -cp "$(support_cp)" uk.gov.gds.awsam.testsupport.CatalogueTopics "127.0.0.1:$KAFKA_PORT" \
    > "$LOGS/topics.log" 2>&1 || { tail -n 20 "$LOGS/topics.log"; fail "could not create the topics"; }
  say "  $(tail -n 1 "$LOGS/topics.log")"
}

# The identity provider: Keycloak from Maven Central with the realm of keycloak/, in a home of this run's own
# (test-support's identity/Keycloak lays it out: it builds the distribution and the realm's template database the
# first time, then each start copies the template). Started before the broker and awaited before the services, so
# its start-up overlaps theirs.
keycloak_issuer() { echo "http://127.0.0.1:$KEYCLOAK_PORT/realms/aws-accounts"; }
start_keycloak() {
  say "starting Keycloak (identity provider) on 127.0.0.1:$KEYCLOAK_PORT"
  java $INFRA_JAVA_OPTS -cp "$(support_cp)" uk.gov.gds.awsam.testsupport.identity.Keycloak prepare --home "$RUN_DIR/keycloak" \
    --port "$KEYCLOAK_PORT" --management-port "$KEYCLOAK_MANAGEMENT_PORT" --realm "$KEYCLOAK_REALM_FILE" \
    > "$LOGS/keycloak-prepare.log" 2>&1 || { tail -n 30 "$LOGS/keycloak-prepare.log"; fail "could not prepare Keycloak"; }
  start keycloak "$RUN_DIR/keycloak/bin/start"
}
await_keycloak() {
  await keycloak "GET /health/ready" 180 http_ok "http://127.0.0.1:$KEYCLOAK_MANAGEMENT_PORT/health/ready"
}

# start_part NAME: starts one part and waits until it answers its health check.
start_part() {
  local name="$1" port jar
  case "$name" in
    keycloak)
      start_keycloak
      await_keycloak
      ;;
    kafka)
      say "starting kafka on 127.0.0.1:$KAFKA_PORT"
      start kafka java $INFRA_JAVA_OPTS -Xmx512m -Dawsam.local.part=kafka -cp "$(kafka_cp)" kafka.Kafka \
        "$RUN_DIR/config/kafka-server.properties"
      await kafka "a connection on port $KAFKA_PORT" 60 port_open "$KAFKA_PORT"
      ;;
    registry)
      say "starting the schema registry stand-in on 127.0.0.1:$REGISTRY_PORT"
      start registry java $INFRA_JAVA_OPTS -Xmx96m -Dawsam.local.part=registry -cp "$(support_cp)" \
        uk.gov.gds.awsam.testsupport.registry.RegistryStandIn --port "$REGISTRY_PORT" --data "$RUN_DIR/data/registry.json"
      await registry "GET /apis/registry/v3/system/info" 30 http_ok "http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3/system/info"
      # The global compatibility rule, as deploy/k8s sets it on the real registry (the stand-in keeps rules in memory,
      # so every start sets it; a 409 says it is already set).
      curl -s -o /dev/null --max-time 5 -w '%{http_code}' -H 'Content-Type: application/json' \
        -d '{"ruleType": "COMPATIBILITY", "config": "BACKWARD"}' \
        "http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3/admin/rules" | grep -qE '^(204|409)$' \
        || fail "could not set the registry stand-in's global COMPATIBILITY rule"
      ;;
    moto)
      say "starting AWS (moto behind the strict AWS layer, profile $STRICT_AWS_PROFILE) on 127.0.0.1:$MOTO_PORT"
      start moto python3 "$STRICT_AWS" -H 127.0.0.1 -p "$MOTO_PORT" --profile "$STRICT_AWS_PROFILE"
      await moto "GET /moto-api/data.json" 30 http_ok "http://127.0.0.1:$MOTO_PORT/moto-api/data.json"
      # What exists before the system runs: the organisation, an OU for new accounts, the cross-account-access
      # group, the provisioner's org-admin-access role and the audit role of the management account.
      python3 "$HERE/lib/seed-aws.py" "http://127.0.0.1:$MOTO_PORT" > "$RUN_DIR/config/aws.env" \
        || fail "could not seed moto with the organisation (see above)"
      ;;
    greenmail)
      say "starting GreenMail (SMTP) on 127.0.0.1:$SMTP_PORT, API on 127.0.0.1:$GREENMAIL_API_PORT"
      start greenmail java $INFRA_JAVA_OPTS -Xmx128m -Dawsam.local.part=greenmail \
        -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
        -Dgreenmail.auth.disabled -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$GREENMAIL_API_PORT" \
        -jar "$(classpath_of "$HERE/target/greenmail.classpath")"
      await greenmail "GET /api/service/readiness" 30 http_ok "http://127.0.0.1:$GREENMAIL_API_PORT/api/service/readiness"
      ;;
    github)
      say "starting the GitHub sandbox on 127.0.0.1:$GITHUB_PORT (webhooks to pr-service)"
      start github java $INFRA_JAVA_OPTS -Xmx192m -Dawsam.local.part=github -cp "$(support_cp)" \
        uk.gov.gds.awsam.testsupport.github.GitHubSandbox --port "$GITHUB_PORT" \
        --webhook-url "http://127.0.0.1:$(service_port pr-service)/webhooks/github" \
        --webhook-secret-file "$RUN_DIR/keys/github-webhook-secret"
      await github "GET /_sandbox/repos" 30 http_ok "http://127.0.0.1:$GITHUB_PORT/_sandbox/repos"
      ;;
    *)
      port="$(service_port "$name")" || fail "no part called $name"
      jar="$ROOT/$name/target/quarkus-app/quarkus-run.jar"
      [[ -f "$jar" ]] || fail "$jar is missing: run deploy/local/up without --no-build"
      say "starting $name on 127.0.0.1:$port"
      (
        set -a
        MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
        # The local profile: emulators on this machine, which the production profile refuses (docs/configuration.md).
        QUARKUS_PROFILE=local
        QUARKUS_HTTP_HOST=127.0.0.1
        QUARKUS_HTTP_PORT="$port"
        KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
        APICURIO_REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3"
        # shellcheck source=/dev/null
        [[ -f "$HERE/env/$name.sh" ]] && source "$HERE/env/$name.sh"
        set +a
        start "$name" java $SERVICE_JAVA_OPTS -Dawsam.local.part="$name" -jar "$jar"
      )
      await "$name" "GET /q/health/ready" 90 http_ok "http://127.0.0.1:$port/q/health/ready"
      ;;
  esac
}

# where NAME: one line saying where a running part listens.
where() {
  local name="$1" port
  case "$name" in
    kafka) echo "127.0.0.1:$KAFKA_PORT (KRaft controller 127.0.0.1:$CONTROLLER_PORT)" ;;
    registry) echo "http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3 (stand-in for Apicurio Registry 3)" ;;
    moto) echo "http://127.0.0.1:$MOTO_PORT (AWS: moto behind the strict layer, profile $STRICT_AWS_PROFILE; /_strict/config)" ;;
    greenmail) echo "smtp://127.0.0.1:$SMTP_PORT, mail API http://127.0.0.1:$GREENMAIL_API_PORT/api" ;;
    github) echo "http://127.0.0.1:$GITHUB_PORT (GitHub REST API sandbox; admin under /_sandbox)" ;;
    keycloak) echo "$(keycloak_issuer) (identity provider; admin console http://127.0.0.1:$KEYCLOAK_PORT/admin: admin, password in $RUN_DIR/keycloak/admin-password)" ;;
    *) port="$(service_port "$name")" && echo "http://127.0.0.1:$port" ;;
  esac
}
