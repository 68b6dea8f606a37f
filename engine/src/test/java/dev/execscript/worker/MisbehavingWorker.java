package dev.execscript.worker;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A test double for a worker process that breaks the protocol in one chosen way once a run is sent
 * (args[0]); it says READY like a real worker first and STARTED when the run comes (but for
 * outputBeforeStart), then misbehaves and waits to be killed.
 */
public final class MisbehavingWorker {

    public static void main(String[] args) throws IOException, InterruptedException {
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        DataOutputStream raw = new DataOutputStream(new BufferedOutputStream(stdout));
        Frames frames = new Frames(new FileInputStream(FileDescriptor.in), stdout);
        frames.read(Integer.MAX_VALUE);
        frames.write(Frames.Type.READY, ("{\"protocol\":" + Frames.VERSION + "}").getBytes(StandardCharsets.UTF_8));
        frames.read(Integer.MAX_VALUE);
        if (!args[0].endsWith("BeforeStart")) {
            frames.write(Frames.Type.STARTED, new byte[0]);
        }
        switch (args[0]) {
            case "outputBeforeStart" -> frames.write(Frames.Type.OUTCOME, "{}".getBytes(StandardCharsets.UTF_8));
            case "awsCallBeforeStart" -> frames.write(Frames.Type.AWS_CALL, WireJson.awsCall(1, "ssm", "GetParameter", "{}"));
            case "awsCallOversized" -> {
                raw.writeByte(Frames.MAGIC);
                raw.writeByte(Frames.VERSION);
                raw.writeByte('A');
                raw.writeInt(Integer.MAX_VALUE);
            }
            case "awsCallWithoutFields" -> frames.write(Frames.Type.AWS_CALL, "{\"id\":1,\"kind\":\"call\"}"
                    .getBytes(StandardCharsets.UTF_8));
            case "awsCallOfUnknownKind" -> frames.write(Frames.Type.AWS_CALL, "{\"id\":1,\"kind\":\"exec\",\"command\":\"sh\"}"
                    .getBytes(StandardCharsets.UTF_8));
            case "awsAnswerFromWorker" -> frames.write(Frames.Type.AWS_ANSWER, WireJson.awsAnswer(1, "{}"));
            case "garbage" -> raw.write("Traceback (most recent call last): oops\n".getBytes(StandardCharsets.UTF_8));
            case "oversized" -> {
                raw.writeByte(Frames.MAGIC);
                raw.writeByte(Frames.VERSION);
                raw.writeByte('O');
                raw.writeInt(Integer.MAX_VALUE);
            }
            case "version" -> {
                raw.writeByte(Frames.MAGIC);
                raw.writeByte(99);
                raw.writeByte('O');
                raw.writeInt(2);
                raw.write("{}".getBytes(StandardCharsets.UTF_8));
            }
            case "outcomeWithoutFields" -> frames.write(Frames.Type.OUTCOME, "{\"status\":\"Success\"}".getBytes(StandardCharsets.UTF_8));
            case "hostFrame" -> frames.write(Frames.Type.RUN, "{}".getBytes(StandardCharsets.UTF_8));
            case "truncated" -> {
                raw.writeByte(Frames.MAGIC);
                raw.writeByte(Frames.VERSION);
                raw.writeByte('O');
                raw.writeInt(1000);
                raw.write("{\"status\"".getBytes(StandardCharsets.UTF_8));
                raw.flush();
                stdout.close();
            }
            case "startedThenSilent" -> { }
            default -> throw new IllegalArgumentException(args[0]);
        }
        raw.flush();
        Thread.sleep(600_000);
    }
}
