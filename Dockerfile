# syntax=docker/dockerfile:1
#
# One image recipe for every Spring Boot service of the shop; the build argument MODULE picks which:
#
#   docker build --build-arg MODULE=catalog-service -t shop/catalog-service:local .
#
# (docker compose passes MODULE for each service.) A plain multi-stage Dockerfile rather than Jib or Cloud Native
# Buildpacks: both of those need a registry or a Docker daemon to be of any use, neither exists on the machines
# this project is built and tested on, and one short file that anyone can read shows exactly what ends up in the
# image: a JRE, the layers of the Boot jar, a non-root user.

ARG JAVA_VERSION=21

# --- build: the module and the modules it depends on, tests skipped (CI runs them) ---------------------------
FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
ARG MODULE
RUN test -n "$MODULE" || { echo "Set --build-arg MODULE=<a Spring Boot module, e.g. catalog-service>" >&2; exit 1; }
WORKDIR /workspace
COPY . .
# The Maven repository is a cache mount: rebuilding another module does not download everything again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl "$MODULE" -am package -DskipTests -Dspring-javaformat.skip=true \
 && cp "$MODULE"/target/"$MODULE"-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted \
 && mkdir -p extracted/dependencies extracted/spring-boot-loader extracted/snapshot-dependencies extracted/application

# --- run: JRE only, one layer per rate of change (libraries, loader, our snapshot modules, the service) --------
FROM eclipse-temurin:${JAVA_VERSION}-jre
ARG MODULE
LABEL org.opencontainers.image.title="shop ${MODULE}" \
      org.opencontainers.image.description="Fault-tolerant shop: ${MODULE}"
RUN groupadd --system --gid 10001 shop \
 && useradd --system --uid 10001 --gid shop --home-dir /app --shell /usr/sbin/nologin shop
WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
# An HTTP probe that needs neither curl nor wget (the JRE images do not promise either): bash's /dev/tcp.
COPY --chmod=755 deploy/docker/healthcheck.sh /usr/local/bin/healthcheck
USER 10001:10001
# Container-aware memory: the heap is a share of the container's memory limit, not of the host's. The rest of the
# limit is for metaspace, code cache, thread stacks and direct buffers (a Spring Cloud service needs ~150 MB of
# it). Serial GC and small stacks as in ./shop up: these services are small and run many to a machine.
# JAVA_OPTS adds or overrides flags at run time.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=20 -XX:+UseSerialGC -Xss512k -XX:+ExitOnOutOfMemoryError" \
    JAVA_OPTS=""
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher"]
