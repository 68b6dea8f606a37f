package dev.execscript.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The engine's module exports what the README's API table lists and nothing else, and no exported package
 * hands out a type of a package it does not export.
 */
class ModuleDescriptorTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A row of the API table: {@code | `dev.execscript.x` | ...}. */
    private static final Pattern API_ROW = Pattern.compile("^\\| `(dev\\.execscript\\.[a-z]+)` \\|", Pattern.MULTILINE);

    private static ModuleDescriptor engine() {
        return ModuleFinder.of(Path.of("target/classes")).find("dev.execscript.engine")
                .orElseThrow(() -> new AssertionError("no module dev.execscript.engine in target/classes"))
                .descriptor();
    }

    @Test
    void moduleDescriptor_exportsExactlyTheReadmesApiPackages() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Set<String> documented = new TreeSet<>();
        Matcher m = API_ROW.matcher(readme);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> exported = engine().exports().stream()
                .peek(e -> assertThat(e.isQualified()).as("qualified export of %s", e.source()).isFalse())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).isNotEmpty().containsExactlyElementsOf(documented);
    }

    /** Packages an exported signature may name: the API's own, the JDK's, and those of modules it requires transitively or statically. */
    private static boolean readableByEmbedders(String packageName, Set<String> exported) {
        return exported.contains(packageName) || packageName.startsWith("java.") || packageName.equals("dev.execscript.policy")
                || packageName.startsWith("com.fasterxml.jackson.databind") || packageName.startsWith("com.fasterxml.jackson.core")
                || packageName.startsWith("org.junit.jupiter.api");
    }

    @Test
    void exportedPackages_publicSignatures_nameOnlyTypesEmbeddersCanRead() throws Exception {
        Set<String> exported = engine().exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Set<String> leaks = new TreeSet<>();
        int checked = 0;
        for (String pkg : exported) {
            try (var files = Files.list(Path.of("target/classes").resolve(pkg.replace('.', '/')))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = pkg + "." + file.getFileName().toString().replace(".class", "");
                    Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                    if (!java.lang.reflect.Modifier.isPublic(type.getModifiers()) || !isVisible(type)) {
                        continue;
                    }
                    checked++;
                    for (var method : type.getDeclaredMethods()) {
                        if (isApi(method.getModifiers()) && !method.isSynthetic()) {
                            collect(leaks, type.getName() + "." + method.getName(), exported, method.getGenericReturnType());
                            collect(leaks, type.getName() + "." + method.getName(), exported, method.getGenericParameterTypes());
                            collect(leaks, type.getName() + "." + method.getName(), exported, method.getGenericExceptionTypes());
                        }
                    }
                    for (var constructor : type.getDeclaredConstructors()) {
                        if (isApi(constructor.getModifiers())) {
                            collect(leaks, type.getName() + ".<init>", exported, constructor.getGenericParameterTypes());
                        }
                    }
                    for (var field : type.getDeclaredFields()) {
                        if (isApi(field.getModifiers())) {
                            collect(leaks, type.getName() + "." + field.getName(), exported, field.getGenericType());
                        }
                    }
                    collect(leaks, type.getName() + " extends", exported, type.getGenericSuperclass());
                    collect(leaks, type.getName() + " implements", exported, type.getGenericInterfaces());
                }
            }
        }
        assertThat(checked).as("public types checked").isGreaterThan(10);
        assertThat(leaks).as("exported signatures naming internal types").isEmpty();
    }

    private static boolean isApi(int modifiers) {
        return java.lang.reflect.Modifier.isPublic(modifiers) || java.lang.reflect.Modifier.isProtected(modifiers);
    }

    /** A nested type is API only when it and every type enclosing it are public. */
    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!java.lang.reflect.Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static void collect(Set<String> leaks, String where, Set<String> exported, java.lang.reflect.Type... types) {
        for (java.lang.reflect.Type type : types) {
            if (type == null) {
                continue;
            }
            if (type instanceof Class<?> c) {
                while (c.isArray()) {
                    c = c.getComponentType();
                }
                if (!c.isPrimitive() && !readableByEmbedders(c.getPackageName(), exported)) {
                    leaks.add(where + " names " + c.getName());
                }
            } else if (type instanceof java.lang.reflect.ParameterizedType p) {
                collect(leaks, where, exported, p.getRawType());
                collect(leaks, where, exported, p.getActualTypeArguments());
            } else if (type instanceof java.lang.reflect.GenericArrayType a) {
                collect(leaks, where, exported, a.getGenericComponentType());
            } else if (type instanceof java.lang.reflect.WildcardType w) {
                collect(leaks, where, exported, w.getUpperBounds());
                collect(leaks, where, exported, w.getLowerBounds());
            }
        }
    }

    @Test
    void moduleDescriptor_policyIsReadByEveryUserOfTheEngine() {
        assertThat(engine().requires()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("dev.execscript.policy");
            assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
        });
    }
}
