package dev.execscript.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One worker process as the host sees it: the process, its protocol, and a reader thread that turns the
 * worker's frames into {@link Event}s. The reader is the only thread that reads the worker's stdout; it
 * kills the worker at the first frame that breaks the protocol (a bad header, a frame over the limit,
 * JSON without the expected fields, a frame out of turn) and ends when the worker's stdout closes, so
 * no host thread outlives its worker. stderr is drained by a second thread that keeps a bounded tail.
 */
final class Worker {

    /**
     * What the reader saw of the current run, in order. The start of its script is not an event but
     * {@link #startedAt()}: waking the run's caller for it would cost a thread hand-off per run.
     */
    sealed interface Event permits Line, AwsRequest, Outcome, Ended {
    }

    record Line(String text) implements Event {
    }

    /** A script's AWS call, forwarded for the host to answer ({@link #answer}). */
    record AwsRequest(WireJson.AwsRequest request) implements Event {
    }

    record Outcome(JsonNode json) implements Event {
    }

    /** The worker's stdout closed; {@code problem} says why when it broke the protocol (it was killed), else null. */
    record Ended(String problem) implements Event {
    }

    private final long number;
    private final Process process;
    private final Frames frames;
    private final int maxFrame;
    /** AWS calls read and not yet answered: a worker asking more at once than it can wait for is broken. */
    private final java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StderrTail stderr = new StderrTail();
    private final Thread stderrReader;
    private volatile boolean running;
    /** Whether the current run's STARTED came (read by the reader thread only). */
    private boolean runStarted;
    /** When the current run's script started ({@link System#nanoTime()}), 0 until its STARTED frame came. */
    private volatile long startedAt;
    private volatile boolean ready;
    private volatile boolean ended;
    private int runs;
    private int contextRuns;
    /** The scripts whose contexts it holds, as far as the host can tell ({@code process-reuse}). */
    private final HeldScripts held = new HeldScripts();

    private Worker(long number, Process process, int maxFrame) {
        this.number = number;
        this.process = process;
        this.maxFrame = maxFrame;
        this.frames = new Frames(process.getInputStream(), new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.stderrReader = Thread.ofPlatform().daemon(true).name("execscript-worker-" + number + "-stderr")
                .unstarted(() -> stderr.drain(process.getErrorStream()));
    }

    /**
     * Starts {@code command} with only {@code environment}, sends it {@code prepare}, and calls
     * {@code onReady} from the reader once the worker says it is ready, or {@code onEnd} when it ends
     * (before or after that).
     */
    static Worker start(long number, List<String> command, Map<String, String> environment, byte[] prepare, int maxFrame,
            Consumer<Worker> onReady, Consumer<Worker> onEnd) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        Worker w = new Worker(number, process, maxFrame);
        Thread.ofPlatform().daemon(true).name("execscript-worker-" + number + "-reader").start(() -> w.read(onReady, onEnd));
        w.stderrReader.start();
        try {
            w.frames.write(Frames.Type.PREPARE, prepare);
        } catch (IOException e) {
            // It died at once; the reader reports the end.
        }
        return w;
    }

    private void read(Consumer<Worker> onReady, Consumer<Worker> onEnd) {
        String problem = null;
        try {
            while (true) {
                Frames.Frame frame = frames.read(type -> type == Frames.Type.AWS_CALL ? WorkerRuntime.MAX_AWS_CALL_BYTES : maxFrame);
                if (frame == null) {
                    break;
                }
                switch (frame.type()) {
                    case READY -> {
                        if (ready) {
                            throw new Frames.ProtocolException("a second READY frame");
                        }
                        WireJson.parse(frame.payload());
                        ready = true;
                        onReady.accept(this);
                    }
                    case STARTED -> {
                        if (!running || runStarted) {
                            throw new Frames.ProtocolException("a run started while no run was waiting to start");
                        }
                        runStarted = true;
                        // Never 0, which means "not yet".
                        startedAt = System.nanoTime() | 1;
                    }
                    case LINE -> {
                        if (!running || !runStarted) {
                            throw new Frames.ProtocolException("output while no run was going");
                        }
                        events.add(new Line(new String(frame.payload(), StandardCharsets.UTF_8)));
                    }
                    case AWS_CALL -> {
                        if (!running || !runStarted) {
                            throw new Frames.ProtocolException("an AWS call while no run was going");
                        }
                        WireJson.AwsRequest request = WireJson.awsRequest(frame.payload());
                        if (unanswered.incrementAndGet() > WorkerRuntime.MAX_UNANSWERED_AWS_CALLS) {
                            throw new Frames.ProtocolException("more than " + WorkerRuntime.MAX_UNANSWERED_AWS_CALLS
                                    + " AWS calls waiting for an answer at once");
                        }
                        events.add(new AwsRequest(request));
                    }
                    case OUTCOME -> {
                        if (!running || !runStarted) {
                            throw new Frames.ProtocolException("an outcome while no run was going");
                        }
                        runStarted = false;
                        events.add(new Outcome(WireJson.parse(frame.payload())));
                    }
                    default -> throw new Frames.ProtocolException("a " + frame.type() + " frame, which only the host sends");
                }
            }
        } catch (Frames.ProtocolException | WireJson.MalformedException e) {
            problem = e.getMessage();
            kill();
        } catch (IOException e) {
            // The pipe broke: the process is going; its exit code tells why.
        } finally {
            ended = true;
            events.add(new Ended(problem));
            onEnd.accept(this);
        }
    }

    long number() {
        return number;
    }

    long pid() {
        return process.pid();
    }

    boolean isReady() {
        return ready && !ended;
    }

    /** Whether it ever said it was ready (false: it failed to start). */
    boolean wasReady() {
        return ready;
    }

    boolean hasEnded() {
        return ended;
    }

    int runs() {
        return runs;
    }

    /** Runs it served that were not expected to find their script's context kept. */
    int contextRuns() {
        return contextRuns;
    }

    /** Whether it holds a kept context of {@code script}, as far as the host can tell. */
    synchronized boolean holds(HeldScripts.Key script) {
        return held.holds(script);
    }

    /** Notes how a run of {@code script} (null: not one that keeps a context) ended. */
    synchronized void ran(HeldScripts.Key script, dev.execscript.runtime.ScriptOutcome outcome) {
        held.ran(script, outcome);
    }

    /**
     * Sends a run ({@code inKeptContext}: one expected to find its script's context kept); its events follow
     * through {@link #next}. False when the worker is already gone.
     */
    boolean send(byte[] run, boolean inKeptContext) {
        startedAt = 0;
        running = true;
        runs++;
        if (!inKeptContext) {
            contextRuns++;
        }
        events.clear();
        try {
            frames.write(Frames.Type.RUN, run);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Answers AWS request {@code id} of the current run. False when the worker is gone. Counted as answered
     * before it is written: the worker may end its run as soon as it reads the answer.
     */
    boolean answer(long id, String text) {
        unanswered.decrementAndGet();
        try {
            frames.write(Frames.Type.AWS_ANSWER, WireJson.awsAnswer(id, text));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** AWS calls of its runs it is still waiting for answers to. */
    int unansweredCalls() {
        return unanswered.get();
    }

    /** When the current run's script started ({@link System#nanoTime()}), or 0 while it has not. */
    long startedAt() {
        return startedAt;
    }

    /** The next event of the current run, waiting at most {@code nanos}; null when none came in time. */
    Event next(long nanos) throws InterruptedException {
        return events.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** The run is over (its outcome was read); the worker may take another. */
    void idle() {
        running = false;
    }

    /**
     * Kills the worker and everything it started: its descendants first (so none is re-parented out of
     * reach), then the process itself. Under a PID namespace the namespace's init dies with it and takes
     * the rest along. Returns at once; the reader ends when the pipes close.
     */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Ends a healthy idle worker: closing stdin is its signal to exit; a kill follows if it lingers. */
    void retire() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Gone already.
        }
        process.onExit().orTimeout(5, TimeUnit.SECONDS).whenComplete((p, e) -> {
            if (e != null) {
                kill();
            }
        });
    }

    /** The exit code, waiting up to {@code millis} for it; null if the process is still alive then. */
    Integer exitCode(long millis) throws InterruptedException {
        if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        return null;
    }

    /** The last bytes the worker wrote to stderr, for diagnostics (never shown to a script's user as is). */
    String stderrTail() {
        return stderr.text();
    }

    /** Keeps the last {@link #KEEP} bytes of a stream and reads on until it ends, so the writer never blocks. */
    static final class StderrTail {
        static final int KEEP = 8192;
        private final byte[] ring = new byte[KEEP];
        private long total;

        void drain(InputStream in) {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            ring[(int) (total++ % KEEP)] = buffer[i];
                        }
                    }
                }
            } catch (IOException e) {
                // The worker is gone.
            }
        }

        synchronized String text() {
            int size = (int) Math.min(total, KEEP);
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = ring[(int) ((total - size + i) % KEEP)];
            }
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
