package dev.execscript.runbooktest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.aws.AwsResponses;
import java.util.Map;

/** One case of a {@link RunbookTestFile}: a run of its runbook with these parameters and AWS answers, and what must hold after it. */
public final class RunbookTestCase {

    private final String name;
    private final int line;
    private final Map<String, JsonNode> parameters;
    private final AwsResponses awsResponses;
    private final Expectations expectations;

    RunbookTestCase(String name, int line, Map<String, JsonNode> parameters, AwsResponses awsResponses, Expectations expectations) {
        this.name = name;
        this.line = line;
        this.parameters = Map.copyOf(parameters);
        this.awsResponses = awsResponses;
        this.expectations = expectations;
    }

    public String name() {
        return name;
    }

    /** The line the case starts on in its file. */
    public int line() {
        return line;
    }

    /** The parameter values the case gives (checked against the runbook when the file was read). */
    public Map<String, JsonNode> parameters() {
        return parameters;
    }

    /** What AWS answers the case's calls. */
    public AwsResponses awsResponses() {
        return awsResponses;
    }

    Expectations expectations() {
        return expectations;
    }

    @Override
    public String toString() {
        return name;
    }
}
