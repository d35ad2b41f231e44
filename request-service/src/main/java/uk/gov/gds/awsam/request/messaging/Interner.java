package uk.gov.gds.awsam.request.messaging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one copy of texts that recur across many events (repositories, organisations, teams, people,
 * engineers, YubiKey serials, role and user ARNs) so that a view of a million events holds each once.
 * Bounded: once full it stops adding and simply returns what it is given.
 */
final class Interner {

    private final Map<String, String> texts = new ConcurrentHashMap<>();
    private final int capacity;

    Interner(int capacity) {
        this.capacity = capacity;
    }

    String intern(String text) {
        if (text == null) {
            return null;
        }
        String known = texts.get(text);
        if (known != null) {
            return known;
        }
        if (texts.size() >= capacity) {
            return text;
        }
        known = texts.putIfAbsent(text, text);
        return known == null ? text : known;
    }

    List<String> intern(List<String> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        String[] interned = new String[list.size()];
        for (int i = 0; i < interned.length; i++) {
            interned[i] = intern(list.get(i));
        }
        return List.of(interned);
    }
}
