package uk.gov.gds.awsam.request.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations as people read them on the pages. */
final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** e.g. "3 d 4 h", "2 h 5 min", "4 min 10 s", "12 s". */
    static String duration(Duration duration) {
        if (duration == null) {
            return "–";
        }
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return minutes + " min " + seconds % 60 + " s";
        }
        return seconds + " s";
    }
}
