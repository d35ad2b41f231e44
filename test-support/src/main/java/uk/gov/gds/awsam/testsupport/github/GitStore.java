package uk.gov.gds.awsam.testsupport.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The git objects of the sandbox's repositories, content-addressed like git: blobs carry git's own SHA-1
 * ({@code blob <length>\0<bytes>}); a tree is kept flat (full path → blob SHA), which is all the GitHub
 * endpoints the services call need. Not thread-safe: {@link SandboxState} serialises access.
 */
final class GitStore {

    record Person(String name, String email, Instant date) {
    }

    record Commit(String sha, String tree, List<String> parents, String message, Person author, Person committer) {
    }

    private final Map<String, byte[]> blobs = new HashMap<>();
    private final Map<String, SortedMap<String, String>> trees = new HashMap<>();
    private final Map<String, Commit> commits = new HashMap<>();

    String putBlob(byte[] content) {
        String sha = sha1(("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8), content);
        blobs.putIfAbsent(sha, content.clone());
        return sha;
    }

    Optional<byte[]> blob(String sha) {
        return Optional.ofNullable(blobs.get(sha)).map(byte[]::clone);
    }

    String putTree(SortedMap<String, String> files) {
        StringBuilder canonical = new StringBuilder("tree\n");
        files.forEach((path, blob) -> canonical.append("100644 blob ").append(blob).append('\t').append(path).append('\n'));
        String sha = sha1(canonical.toString().getBytes(StandardCharsets.UTF_8));
        trees.putIfAbsent(sha, new TreeMap<>(files));
        return sha;
    }

    Optional<SortedMap<String, String>> tree(String sha) {
        return Optional.ofNullable(trees.get(sha)).map(TreeMap::new);
    }

    Commit putCommit(String tree, List<String> parents, String message, Person author, Person committer) {
        if (!trees.containsKey(tree)) {
            throw new IllegalArgumentException("no tree " + tree);
        }
        for (String parent : parents) {
            if (!commits.containsKey(parent)) {
                throw new IllegalArgumentException("no commit " + parent);
            }
        }
        String canonical = "tree " + tree + "\n" + String.join("", parents.stream().map(p -> "parent " + p + "\n").toList())
                + "author " + author + "\ncommitter " + committer + "\n\n" + message;
        String sha = sha1(canonical.getBytes(StandardCharsets.UTF_8));
        Commit commit = new Commit(sha, tree, List.copyOf(parents), message, author, committer);
        commits.putIfAbsent(sha, commit);
        return commits.get(sha);
    }

    Optional<Commit> commit(String sha) {
        return Optional.ofNullable(commits.get(sha));
    }

    boolean hasCommit(String sha) {
        return commits.containsKey(sha);
    }

    /** Every file of a commit: path → blob SHA. */
    SortedMap<String, String> files(String commitSha) {
        Commit commit = commits.get(commitSha);
        if (commit == null) {
            throw new IllegalArgumentException("no commit " + commitSha);
        }
        return new TreeMap<>(trees.get(commit.tree()));
    }

    /** The content of a file at a commit, if the file exists there. */
    Optional<byte[]> read(String commitSha, String path) {
        String blob = files(commitSha).get(path);
        return blob == null ? Optional.empty() : blob(blob);
    }

    /** Every commit reachable from {@code sha}, itself included. */
    Set<String> ancestors(String sha) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(sha));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                commit(next).ifPresent(c -> todo.addAll(c.parents()));
            }
        }
        return seen;
    }

    /** The nearest commit reachable from both (following {@code b}'s history breadth first). */
    Optional<String> mergeBase(String a, String b) {
        Set<String> fromA = ancestors(a);
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(b));
        while (!todo.isEmpty()) {
            String next = todo.removeFirst();
            if (fromA.contains(next)) {
                return Optional.of(next);
            }
            if (seen.add(next)) {
                commit(next).ifPresent(c -> todo.addAll(c.parents()));
            }
        }
        return Optional.empty();
    }

    static String sha1(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
