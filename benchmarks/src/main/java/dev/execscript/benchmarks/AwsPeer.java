package dev.execscript.benchmarks;

import dev.execscript.benchmarks.peer.Cpython;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPython the AWS benchmarks compare with, and the environment boto3 finds in AWS's runtime. */
final class AwsPeer {

    private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

    private AwsPeer() {
    }

    /** Debian's python3 when boto3 is installed for it (the boto3 the engine imports), else python3 on PATH. */
    static String python() {
        return Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/boto3")) && Files.isExecutable(DEBIAN_PYTHON)
                ? DEBIAN_PYTHON.toString() : Cpython.executable();
    }

    /** The region and placeholder credentials the engine gives scripts; no metadata service. */
    static void environment(ProcessBuilder command) {
        command.environment().put("AWS_REGION", "us-east-1");
        command.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        command.environment().put("AWS_ACCESS_KEY_ID", "AKIAEXECSCRIPTLOCAL0");
        command.environment().put("AWS_SECRET_ACCESS_KEY", "execscript-placeholder-secret-key");
        command.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    }
}
