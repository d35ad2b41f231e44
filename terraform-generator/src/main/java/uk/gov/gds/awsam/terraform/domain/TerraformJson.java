package uk.gov.gds.awsam.terraform.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a Terraform JSON document (a {@code .tf.json} file) canonically, so that nothing in it can be
 * read by Terraform as an interpolation or a template directive.
 *
 * <p>Terraform reads every JSON string in an expression position as a string template, where
 * {@code ${...}} interpolates and {@code %{...}} is a directive. The generator never means either, so
 * every string value is written with Terraform's own escapes: {@code ${} becomes {@code $${} and
 * {@code %{} becomes {@code %%{}, which Terraform reads back as the literal text. (The free text of a
 * request reaches Terraform only in tag values, which {@link Tags} has already reduced to characters AWS
 * allows, without {@code $}, {@code %} or braces; the escape is the guarantee for everything else.)
 * Object keys are names and labels, which Terraform does not read as templates: one that contains a
 * template sequence is refused rather than silently changed.
 */
public final class TerraformJson {

    private TerraformJson() {
    }

    /** The canonical text of a Terraform JSON document. */
    public static String render(Map<String, ?> document) {
        return CanonicalJson.write(escaped(document));
    }

    /** A string as Terraform must read it literally: {@code ${} as {@code $${}, {@code %{} as {@code %%{}. */
    public static String literal(String value) {
        if (value.indexOf('{') < 0) {
            return value;
        }
        return value.replace("${", "$${").replace("%{", "%%{");
    }

    /** Whether a text holds a sequence Terraform would read as the start of an interpolation or directive. */
    public static boolean holdsTemplateSequence(String value) {
        return value.contains("${") || value.contains("%{");
    }

    private static Object escaped(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> {
                String name = (String) key;
                if (holdsTemplateSequence(name)) {
                    throw new IllegalArgumentException("a Terraform name may not hold a template sequence: " + name);
                }
                copy.put(name, escaped(element));
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(escaped(element)));
            return copy;
        }
        if (value instanceof String string) {
            return literal(string);
        }
        return value;
    }
}
