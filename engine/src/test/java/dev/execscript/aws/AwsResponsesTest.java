package dev.execscript.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.document.DocumentException;
import dev.execscript.spec.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading and checking a responses file against botocore's models (Debian's python3-boto3), the public face of declared answers. */
class AwsResponsesTest {

    private static AwsResponses parse(String yaml) throws DocumentException {
        return AwsResponses.parse(yaml, "responses.yaml", List.of());
    }

    private static JsonNode json(String text) {
        return JsonText.parseOrNull(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            not a map              | [1, 2]                                                              | 1 | is a map of service:Operation
            key without operation  | "ec2: {}"                                                           | 1 | is not service:Operation
            unknown service        | "ecc2:DescribeInstances: [{response: {}}]"                           | 1 | unknown service 'ecc2' (not in the installed botocore; did you mean ec2
            unknown operation      | "ec2:DescribeInstance: [{response: {}}]"                             | 1 | unknown operation 'DescribeInstance' of ec2 (did you mean DescribeInstances
            answers not a list     | "ec2:DescribeInstances: {response: {}}"                              | 1 | are a non-empty list
            unknown answer key     | "ssm:GetParameter:\\n  - respnse: {}"                                | 2 | unknown key 'respnse'
            neither                | "ssm:GetParameter:\\n  - times: 1"                                   | 2 | needs response or error
            both                   | "ssm:GetParameter:\\n  - {response: {}, error: {Code: X}}"           | 2 | response or error, not both
            unknown response key   | "ssm:GetParameter:\\n  - response:\\n      Parameter:\\n        Nme: x" | 4 | unknown key 'Nme' in Parameter (did you mean Name
            wrong kind             | "ssm:GetParameter:\\n  - response:\\n      Parameter: [1]"           | 3 | must be a map (Parameter), not a list
            number for a string    | "ssm:GetParameter:\\n  - response:\\n      Parameter: {Value: 42}"   | 3 | must be a string (PSParameterValue), not a number; quote it
            unknown when key       | "ssm:GetParameter:\\n  - when: {Nam: x}\\n    response: {}"          | 2 | unknown key 'Nam' in GetParameterRequest
            bad times              | "ssm:GetParameter:\\n  - response: {}\\n    times: 0"                | 3 | times is a whole number of at least 1
            error without code     | "ssm:GetParameter:\\n  - error: {Message: x}"                       | 2 | error needs a Code
            bad status             | "ssm:GetParameter:\\n  - error: {Code: X, HTTPStatusCode: 200}"      | 2 | HTTPStatusCode is an error status
            unknown error key      | "ssm:GetParameter:\\n  - error: {Code: X, Status: 400}"              | 2 | unknown key 'Status' (an error has Code, Message, HTTPStatusCode)
            not yaml               | "ssm:GetParameter: [ {"                                             | 1 | responses.yaml
            """)
    void parse_badFile_errorNamesLineAndProblem(String name, String yaml, int line, String problem) {
        assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n")))
                .isInstanceOf(DocumentException.class)
                .satisfies(e -> {
                    DocumentException d = (DocumentException) e;
                    assertThat(d.getMessage()).contains("responses.yaml").contains(problem);
                    assertThat(d.line()).isEqualTo(line);
                });
    }

    @Test
    void load_missingFile_saysItCannotBeRead(@TempDir Path dir) {
        assertThatThrownBy(() -> AwsResponses.load(dir.resolve("nope.yaml"), List.of()))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("nope.yaml").hasMessageContaining("cannot be read");
    }

    @Test
    void load_tooLargeFile_refusedBeforeReading(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[(int) AwsResponses.LIMITS.maxBytes() + 1]);
        assertThatThrownBy(() -> AwsResponses.load(big, List.of()))
                .isInstanceOf(DocumentException.class).hasMessageContaining("big.yaml").hasMessageContaining("16");
    }
}
