package uk.gov.gds.awsam.request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import uk.gov.gds.awsam.testsupport.identity.Tokens;

/**
 * A browser's sign-in without a browser, step by step, for tests of the flow itself: a cookie jar (cookies by name,
 * as a browser keeps them for 127.0.0.1 whatever the port), redirects followed by hand, Keycloak's login form filled in.
 * Headers given to {@link #withHeader} go to the service (not to Keycloak), as a proxy in front of it would add them.
 */
public final class SignIn {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final String service;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> serviceHeaders = new LinkedHashMap<>();
    /** Every Set-Cookie the service sent, in order. */
    public final List<String> setCookies = new java.util.ArrayList<>();

    public SignIn(String service) {
        this.service = service;
    }

    /** A browser at the service under test, given as {@code @TestHTTPResource("/")} gives it. */
    public SignIn(URI base) {
        this(site(base));
    }

    /** The service's address without the trailing slash {@code @TestHTTPResource("/")} ends with. */
    public static String site(URI base) {
        return base.toString().replaceAll("/$", "");
    }

    public SignIn withHeader(String name, String value) {
        serviceHeaders.put(name, value);
        return this;
    }

    /** The whole sign-in: the page, Keycloak's login with the local password, back to the page. Returns the page. */
    public HttpResponse<String> signIn(String user, String path) {
        return follow(callback(start(path), user));
    }

    /** Asks the service for a page; returns where it sends the browser to sign in (Keycloak's authorization URL). */
    public String start(String path) {
        HttpResponse<String> answer = get(service + path);
        if (answer.statusCode() != 302 && answer.statusCode() != 303) {
            throw new AssertionError("expected a redirect to sign in, got " + answer.statusCode() + ": " + answer.body());
        }
        return answer.headers().firstValue("Location").orElseThrow();
    }

    /** Signs in on Keycloak's login form; returns the URL Keycloak sends the browser back to (with code and state). */
    public String callback(String authorization, String user) {
        HttpResponse<String> login = get(authorization);
        Matcher action = FORM_ACTION.matcher(login.body());
        if (!action.find()) {
            String text = login.body().replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("(?s)<[^>]+>", " ").replaceAll("\\s+", " ");
            throw new AssertionError("no Keycloak login form (" + login.statusCode() + ") at " + authorization + ": " + text);
        }
        HttpResponse<String> posted = post(action.group(1).replace("&amp;", "&"),
                Map.of("username", user, "password", Tokens.PASSWORD, "credentialId", ""));
        return posted.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("Keycloak did not send the browser back (" + posted.statusCode() + "): " + posted.body()));
    }

    /** Follows redirects from a URL until a page answers. */
    public HttpResponse<String> follow(String url) {
        HttpResponse<String> answer = get(url);
        for (int hops = 0; hops < 10 && (answer.statusCode() == 302 || answer.statusCode() == 303); hops++) {
            answer = get(absolute(answer.headers().firstValue("Location").orElseThrow()));
        }
        return answer;
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(http(url))).GET(), url);
    }

    public HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(http(url))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), url);
    }

    public boolean hasCookie(String prefix) {
        return cookies.keySet().stream().anyMatch(name -> name.startsWith(prefix));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String url) {
        request.timeout(Duration.ofSeconds(30)).header("Accept", "text/html,application/json;q=0.9");
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        boolean toService = http(url).startsWith(service);
        if (toService) {
            serviceHeaders.forEach(request::header);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                if (toService) {
                    setCookies.add(cookie);
                }
                String pair = cookie.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                boolean expired = cookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty();
                if (expired) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String absolute(String location) {
        return location.startsWith("/") ? service + location : location;
    }

    /** What a proxy that terminates TLS does: the browser says https, the service is reached over http. */
    private static String http(String url) {
        return url.startsWith("https://127.0.0.1") ? "http://" + url.substring("https://".length()) : url;
    }
}
