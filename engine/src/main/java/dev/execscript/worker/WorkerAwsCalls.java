package dev.execscript.worker;

import dev.execscript.answering.AwsBridge;
import dev.execscript.answering.AwsSession;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The host's side of one run's AWS calls: each call its worker forwards is answered by the run's own
 * {@link AwsSession} (declared answers counted across the execution, the endpoint request made from here,
 * the call recorded and told to the listener), through an {@link AwsBridge} as in-process, so the worker's
 * request is checked again here. Calls are answered one at a time, in order, on a thread of their own: the
 * run's caller keeps watching its deadline meanwhile. {@link #close()} stops an answer still going (an
 * endpoint request is cancelled by the interrupt), so no thread outlives its run by more than a moment.
 */
final class WorkerAwsCalls implements AutoCloseable {

    /** How long close() waits for an interrupted answer to finish recording its call. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final Worker worker;
    private final AwsBridge bridge = new AwsBridge();
    /** Made at the first call: most runs make none. */
    private ExecutorService answering;

    WorkerAwsCalls(Worker worker, AwsSession session) {
        this.worker = worker;
        bridge.use(session);
    }

    /** Answers {@code request} after those before it; the answer goes to the worker. */
    void answer(WireJson.AwsRequest request) {
        if (answering == null) {
            // A platform thread: one per run that calls AWS, and listed with the others (tests look for leftovers).
            answering = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon(true)
                    .name("execscript-worker-" + worker.number() + "-aws").factory());
        }
        try {
            answering.execute(() -> worker.answer(request.id(), switch (request) {
                case WireJson.AwsCallRequest c -> bridge.call(c.service(), c.operation(), c.parametersJson());
                case WireJson.AwsSendRequest s -> bridge.send(s.method(), s.url(), s.headersJson(), s.bodyBase64());
            }));
        } catch (RejectedExecutionException e) {
            // Closed: the run is over.
        }
    }

    /** Stops answering: calls not answered yet stay so (their worker is not used again, see {@link Worker#unansweredCalls()}). */
    @Override
    public void close() {
        bridge.use(null);
        if (answering != null) {
            answering.shutdownNow();
            try {
                answering.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
