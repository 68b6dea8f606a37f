package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines start their first context early: one document, nothing that changes policy or region. */
class MainTest {

    private static boolean early(String... args) {
        return Main.runsOneDocumentWithDefaults(args);
    }

    @Test
    void runsOneDocumentWithDefaults_oneDocumentAndNeutralOptions_isTrue() {
        assertThat(early("run", "doc.yaml")).isTrue();
        assertThat(early("run", "--param", "Name=Ada", "doc.yaml", "--aws-responses", "r.yaml")).isTrue();
        // An option's value is not a document, even when it looks like one.
        assertThat(early("run", "doc.yaml", "--params-file", "params.yaml")).isTrue();
    }

    @Test
    void runsOneDocumentWithDefaults_policyRegionOrSeveralDocuments_isFalse() {
        assertThat(early("run", "a.yaml", "b.yaml")).isFalse();
        assertThat(early("run", "--isolation", "process", "doc.yaml")).isFalse();
        assertThat(early("run", "--preset", "open", "doc.yaml")).isFalse();
        assertThat(early("run", "--region", "eu-west-1", "doc.yaml")).isFalse();
        assertThat(early("run", "--param=Name=Ada", "doc.yaml")).isFalse();
        assertThat(early("test", "doc.yaml")).isFalse();
        assertThat(early("run")).isFalse();
        assertThat(early()).isFalse();
    }
}
