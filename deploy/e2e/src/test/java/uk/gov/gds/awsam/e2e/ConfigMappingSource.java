package uk.gov.gds.awsam.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The leaf properties of a SmallRye {@code @ConfigMapping} interface, read from its source (the service classes
 * are not on this module's class path): {@code @ConfigMapping(prefix = "pr")} with {@code GitHub github()} and,
 * in the nested {@code interface GitHub}, {@code Optional<String> token()} gives {@code pr.github.token}. Method
 * names become kebab-case unless {@code @WithName} says otherwise; default methods are not configuration.
 */
final class ConfigMappingSource {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    /** An abstract method: its annotations, its return type and its name, ending in "();". */
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\(\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\))?\\s*)*)([\\w.]+(?:<[\\w.<>, ?\\[\\]]+>)?(?:\\[\\])?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"");
    private static final Pattern OPTIONAL = Pattern.compile("Optional<(.+)>");

    private ConfigMappingSource() {
    }

    static Set<String> leafProperties(String source) {
        String code = withoutComments(source);
        Matcher prefix = PREFIX.matcher(code);
        if (!prefix.find()) {
            throw new IllegalArgumentException("no @ConfigMapping(prefix = ...) in the source");
        }
        Map<String, String> bodies = interfaceBodies(code);
        String top = code.substring(prefix.end());
        Matcher first = INTERFACE.matcher(top);
        if (!first.find()) {
            throw new IllegalArgumentException("no interface after @ConfigMapping");
        }
        Set<String> leaves = new TreeSet<>();
        collect(prefix.group(1), first.group(1), bodies, leaves, 0);
        return leaves;
    }

    private static void collect(String prefix, String interfaceName, Map<String, String> bodies, Set<String> leaves, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("@ConfigMapping groups nested too deep at " + prefix);
        }
        Matcher method = METHOD.matcher(bodies.get(interfaceName));
        while (method.find()) {
            Matcher withName = WITH_NAME.matcher(method.group(1));
            String property = prefix + "." + (withName.find() ? withName.group(1) : kebab(method.group(3)));
            String type = method.group(2);
            Matcher optional = OPTIONAL.matcher(type);
            if (optional.matches()) {
                type = optional.group(1);
            }
            if (bodies.containsKey(type)) {
                collect(property, type, bodies, leaves, depth + 1);
            } else {
                leaves.add(property);
            }
        }
    }

    /** Each interface's own body: nested interfaces and method bodies cut out. */
    private static Map<String, String> interfaceBodies(String code) {
        Map<String, String> bodies = new HashMap<>();
        Matcher declaration = INTERFACE.matcher(code);
        while (declaration.find()) {
            int open = declaration.end() - 1;
            int close = matchingBrace(code, open);
            bodies.put(declaration.group(1), withoutBlocks(code.substring(open + 1, close)));
        }
        return bodies;
    }

    /**
     * The text outside every {...} block (nested interfaces, default method bodies), each block left as a mark
     * that no method declaration matches, so a default method does not pass for an abstract one.
     */
    private static String withoutBlocks(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    out.append("#block;");
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int matchingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (code.charAt(i) == '{') {
                depth++;
            } else if (code.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    /** Comments go, and braces inside string literals become spaces: either would mislead the brace matching. */
    private static String withoutComments(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ");
        List<String> lines = new ArrayList<>();
        for (String line : code.split("\n")) {
            if (!line.strip().startsWith("//")) {
                lines.add(line);
            }
        }
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (char c : String.join("\n", lines).toCharArray()) {
            boolean escaped = inString && out.length() > 0 && out.charAt(out.length() - 1) == '\\';
            if (c == '"' && !escaped) {
                inString = !inString;
            }
            out.append(inString && (c == '{' || c == '}') ? ' ' : c);
        }
        return out.toString();
    }

    static String kebab(String methodName) {
        return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
