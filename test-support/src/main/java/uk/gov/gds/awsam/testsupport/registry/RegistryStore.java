package uk.gov.gds.awsam.testsupport.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.gov.gds.awsam.contract.Sha256;

/**
 * The registry stand-in's memory: contents (deduplicated by hash, each with a contentId) and artifacts
 * (each a list of versions, each version with a globalId). Thread-safe by synchronisation; a test
 * registry holds a few dozen schemas.
 */
final class RegistryStore {

    enum IfExists { FAIL, CREATE_VERSION, FIND_OR_CREATE_VERSION }

    /** A named reference from one content to a version of another artifact (e.g. a nested Avro type). */
    record Reference(String groupId, String artifactId, String version, String name) {
    }

    record Content(long contentId, String content, String contentType, String contentHash, List<Reference> references) {
    }

    record Version(String groupId, String artifactId, String version, long globalId, long contentId,
            String artifactType, Instant createdOn) {
    }

    static final class Conflict extends Exception {
        Conflict(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    /** Where the store keeps itself between runs, or null to keep it in memory only. */
    private final java.nio.file.Path file;

    /**
     * A store that loads what {@code file} holds and writes itself back there after every change, so a
     * restarted registry never gives an id that already means something else in the broker.
     */
    RegistryStore(java.nio.file.Path file) {
        this.file = file;
        if (file != null && java.nio.file.Files.exists(file)) {
            load();
        }
    }

    /** What a store writes to its file. */
    record Snapshot(List<Content> contents, List<Version> versions, long nextContentId, long nextGlobalId) {
    }

    private final Map<Long, Content> contentsById = new LinkedHashMap<>();
    private final Map<String, Content> contentsByHash = new LinkedHashMap<>();
    private final Map<Long, Version> versionsByGlobalId = new LinkedHashMap<>();
    private final Map<String, List<Version>> artifacts = new LinkedHashMap<>();
    private long nextContentId = 1;
    private long nextGlobalId = 1;

    synchronized Version create(String groupId, String artifactId, String artifactType, String version,
            String content, String contentType, List<Reference> references, IfExists ifExists, boolean canonical)
            throws Conflict {
        String id = artifactId == null || artifactId.isBlank() ? UUID.randomUUID().toString() : artifactId;
        List<Version> versions = artifacts.get(key(groupId, id));
        if (versions != null) {
            switch (ifExists) {
                case FAIL -> throw new Conflict("An artifact with ID '" + id + "' in group '" + groupId + "' already exists.");
                case FIND_OR_CREATE_VERSION -> {
                    Optional<Version> same = versions.stream()
                            .filter(v -> sameContent(contentsById.get(v.contentId()).content(), content, canonical)
                                    && contentsById.get(v.contentId()).references().equals(references))
                            .reduce((first, second) -> second);
                    if (same.isPresent()) {
                        return same.get();
                    }
                }
                case CREATE_VERSION -> {
                    // falls through to a new version
                }
            }
        }
        List<Version> list = artifacts.computeIfAbsent(key(groupId, id), k -> new ArrayList<>());
        String versionName = version == null || version.isBlank() ? Integer.toString(list.size() + 1) : version;
        if (list.stream().anyMatch(v -> v.version().equals(versionName))) {
            throw new Conflict("Version '" + versionName + "' of artifact '" + id + "' already exists.");
        }
        Content stored = store(content, contentType, references);
        Version created = new Version(groupId, id, versionName, nextGlobalId++, stored.contentId(),
                artifactType == null ? "AVRO" : artifactType, Instant.now());
        list.add(created);
        versionsByGlobalId.put(created.globalId(), created);
        save();
        return created;
    }

    synchronized Optional<Version> version(String groupId, String artifactId, String expression) {
        List<Version> versions = artifacts.getOrDefault(key(groupId, artifactId), List.of());
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        if (expression == null || expression.equals("latest") || expression.equals("branch=latest")) {
            return Optional.of(versions.get(versions.size() - 1));
        }
        return versions.stream().filter(v -> v.version().equals(expression)).findFirst();
    }

    synchronized List<Version> versions(String groupId, String artifactId) {
        return List.copyOf(artifacts.getOrDefault(key(groupId, artifactId), List.of()));
    }

    synchronized List<String> artifactIds(String groupId) {
        String prefix = groupId + "/";
        return artifacts.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).toList();
    }

    /** Versions whose content is the given content, newest first. */
    synchronized List<Version> search(String groupId, String artifactId, String content, boolean canonical) {
        List<Version> found = new ArrayList<>();
        for (Version v : versionsByGlobalId.values()) {
            boolean inScope = (groupId == null || groupId.equals(v.groupId()))
                    && (artifactId == null || artifactId.equals(v.artifactId()));
            if (inScope && sameContent(contentsById.get(v.contentId()).content(), content, canonical)) {
                found.add(0, v);
            }
        }
        return found;
    }

    synchronized Optional<Version> byGlobalId(long globalId) {
        return Optional.ofNullable(versionsByGlobalId.get(globalId));
    }

    synchronized Optional<Content> contentById(long contentId) {
        return Optional.ofNullable(contentsById.get(contentId));
    }

    synchronized Optional<Content> contentByHash(String hash) {
        return Optional.ofNullable(contentsByHash.get(hash));
    }

    private Content store(String content, String contentType, List<Reference> references) {
        String hash = references.isEmpty() ? Sha256.hex(content) : Sha256.hex(content + references);
        return contentsByHash.computeIfAbsent(hash, h -> {
            Content c = new Content(nextContentId++, content, contentType, h, List.copyOf(references));
            contentsById.put(c.contentId(), c);
            return c;
        });
    }

    private static boolean sameContent(String stored, String candidate, boolean canonical) {
        if (stored.equals(candidate)) {
            return true;
        }
        if (!canonical) {
            return false;
        }
        try {
            JsonNode a = JSON.readTree(stored);
            JsonNode b = JSON.readTree(candidate);
            return a.equals(b);
        } catch (Exception notJson) {
            return false;
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            java.nio.file.Path next = file.resolveSibling(file.getFileName() + ".next");
            JSON.writeValue(next.toFile(), new Snapshot(List.copyOf(contentsById.values()),
                    List.copyOf(versionsByGlobalId.values()), nextContentId, nextGlobalId));
            java.nio.file.Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not save the registry to " + file, e);
        }
    }

    private void load() {
        try {
            Snapshot snapshot = JSON.readValue(file.toFile(), Snapshot.class);
            for (Content content : snapshot.contents()) {
                contentsById.put(content.contentId(), content);
                contentsByHash.put(content.contentHash(), content);
            }
            for (Version version : snapshot.versions()) {
                versionsByGlobalId.put(version.globalId(), version);
                artifacts.computeIfAbsent(key(version.groupId(), version.artifactId()), k -> new ArrayList<>()).add(version);
            }
            nextContentId = snapshot.nextContentId();
            nextGlobalId = snapshot.nextGlobalId();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not load the registry from " + file, e);
        }
    }

    private static String key(String groupId, String artifactId) {
        return groupId + "/" + artifactId;
    }
}
