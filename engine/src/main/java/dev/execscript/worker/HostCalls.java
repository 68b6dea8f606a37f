package dev.execscript.worker;

import dev.execscript.answering.ForwardedCalls;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker's side of its scripts' AWS calls: each is forwarded to the host as an AWS_CALL frame, and the
 * calling script thread waits for the AWS_ANSWER ({@link HostInput} hands it over). One call at a time,
 * as the host answers them; the wait is interruptible, so a script cancelled while it waits stops as it
 * would in-process (a late answer to an abandoned call is dropped).
 */
final class HostCalls implements ForwardedCalls {

    /** What a call gets whose wait was interrupted (its script is being stopped). */
    private static final String CALL_INTERRUPTED = "{\"kind\":\"none\",\"message\":\"interrupted while waiting for the "
            + "call's answer\"}";
    private static final String SEND_INTERRUPTED = "{\"unreachable\":\"interrupted while waiting for the AWS endpoint\"}";
    /** A request too large to forward: the guest's client reports it as it reports an unreachable endpoint. */
    private static final String SEND_TOO_LARGE = "{\"unreachable\":\"the request is larger than the "
            + (WorkerRuntime.MAX_AWS_CALL_BYTES >> 20) + " MiB a worker process forwards to the AWS endpoint "
            + "(isolation: process)\"}";

    private final Frames frames;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();

    HostCalls(Frames frames) {
        this.frames = frames;
    }

    @Override
    public String call(String service, String operation, String parametersJson) {
        long id = ids.incrementAndGet();
        // Small: the session forwards long parameters as the excerpt it would record.
        return request(id, WireJson.awsCall(id, service, operation, parametersJson), CALL_INTERRUPTED);
    }

    @Override
    public String send(String method, String url, String headersJson, String bodyBase64) {
        long id = ids.incrementAndGet();
        byte[] frame = WireJson.awsSend(id, method, url, headersJson, bodyBase64);
        if (frame.length > WorkerRuntime.MAX_AWS_CALL_BYTES) {
            return SEND_TOO_LARGE;
        }
        return request(id, frame, SEND_INTERRUPTED);
    }

    /** The host's answer to {@code id}: delivered by the input reader. An answer nobody waits for any more is dropped. */
    void deliver(WireJson.AwsAnswer answer) {
        CompletableFuture<String> waiter = waiting.remove(answer.id());
        if (waiter != null) {
            waiter.complete(answer.text());
        }
    }

    /** The host's input ended or broke: a script waiting for an answer would wait for nothing, so the worker ends. */
    void inputEnded(int status) {
        if (!waiting.isEmpty()) {
            Runtime.getRuntime().halt(status);
        }
    }

    private String request(long id, byte[] frame, String interrupted) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        try {
            oneAtATime.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return interrupted;
        }
        try {
            waiting.put(id, answer);
            try {
                frames.write(Frames.Type.AWS_CALL, frame);
            } catch (IOException e) {
                // The host is gone: nobody waits for this run any more.
                Runtime.getRuntime().halt(0);
            }
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return interrupted;
        } catch (ExecutionException e) {
            throw new IllegalStateException("an answer is only ever completed with its text", e);
        } finally {
            waiting.remove(id);
            oneAtATime.unlock();
        }
    }
}
