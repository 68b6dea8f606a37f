package dev.execscript.worker;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The worker's reader of what its host sends after PREPARE, on a thread of its own: the host answers AWS
 * calls while a run is going, when the worker's main thread is busy with the run. Answers go to the waiting
 * script thread ({@link HostCalls}); every other frame waits for the main thread ({@link #next()}).
 */
final class HostInput {

    /** What the main thread gets: a frame, the end of input (null frame), or why input broke. */
    private record Item(Frames.Frame frame, IOException problem) {
    }

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();

    HostInput(Frames frames, HostCalls calls, int maxRequestBytes) {
        Thread.ofPlatform().daemon(true).name("execscript-worker-input").start(() -> read(frames, calls, maxRequestBytes));
    }

    private void read(Frames frames, HostCalls calls, int maxRequestBytes) {
        try {
            while (true) {
                Frames.Frame frame = frames.read(maxRequestBytes);
                if (frame == null) {
                    calls.inputEnded(0);
                    items.add(new Item(null, null));
                    return;
                }
                if (frame.type() == Frames.Type.AWS_ANSWER) {
                    calls.deliver(WireJson.awsAnswer(frame.payload()));
                } else {
                    items.add(new Item(frame, null));
                }
            }
        } catch (IOException e) {
            calls.inputEnded(2);
            items.add(new Item(null, e));
        }
    }

    /** The host's next frame other than an answer; null at the end of input. */
    Frames.Frame next() throws IOException, InterruptedException {
        Item item = items.take();
        if (item.problem() != null) {
            throw item.problem();
        }
        return item.frame();
    }
}
