package uk.gov.gds.awsam.provisioner.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Singleton;

import uk.gov.gds.awsam.provisioner.domain.CrashPoints;
import uk.gov.gds.awsam.provisioner.domain.Stopping;

/**
 * The crash-point seam of the tests (it replaces the provisioner's do-nothing one): armed with a write and its
 * subject, it stops the handler right after that write, once, as a crash would (the event is left
 * unacknowledged); the test then delivers the event again.
 */
@Singleton
public class ArmedCrashPoints implements CrashPoints {

    private static final String ANY = "\u0000any";
    private final Map<Write, String> armed = new ConcurrentHashMap<>();
    private final List<Write> crashed = new CopyOnWriteArrayList<>();

    /** The next {@code write} for {@code subject} is followed by a crash. */
    public void arm(Write write, String subject) {
        armed.put(write, subject);
    }

    /** The next {@code write}, whatever its subject, is followed by a crash. */
    public void armAny(Write write) {
        armed.put(write, ANY);
    }

    public boolean crashedAt(Write write) {
        return crashed.contains(write);
    }

    public void disarm() {
        armed.clear();
        crashed.clear();
    }

    @Override
    public void after(Write write, String subject) {
        if (armed.remove(write, subject) || armed.remove(write, ANY)) {
            crashed.add(write);
            throw new Stopping("a crash (test) right after " + write + " for " + subject, new InterruptedException());
        }
    }
}
