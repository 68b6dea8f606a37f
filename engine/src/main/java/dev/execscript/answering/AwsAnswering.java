package dev.execscript.answering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.AwsResponses;
import dev.execscript.aws.DeclaredAnswer;
import java.net.URI;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How one execution's AWS calls are answered: by declared responses (each answer's {@code times} counted
 * across the execution's steps), or by sending them to an endpoint; never anywhere else. Thread-safe.
 */
public final class AwsAnswering {

    private final AwsResponses responses;
    private final Optional<URI> endpoint;
    /** Uses per answer, by identity: hashing the answer would hash its whole response tree on every call. */
    private final Map<DeclaredAnswer, Integer> used = new IdentityHashMap<>();
    /** Where calls are answered instead of here (in a worker process: its host), or null. */
    private final ForwardedCalls forwarded;

    public AwsAnswering(AwsResponses responses, Optional<URI> endpoint) {
        this(responses, endpoint, null);
    }

    private AwsAnswering(AwsResponses responses, Optional<URI> endpoint, ForwardedCalls forwarded) {
        this.responses = responses;
        this.endpoint = endpoint;
        this.forwarded = forwarded;
    }

    /**
     * Answering done elsewhere: each call goes to {@code to} (a worker's host, whose session counts, records
     * and sends it), clients are made for {@code endpoint} as there; nothing is counted or recorded here.
     */
    public static AwsAnswering forwarded(ForwardedCalls to, Optional<URI> endpoint) {
        return new AwsAnswering(AwsResponses.none(), endpoint, java.util.Objects.requireNonNull(to, "to"));
    }

    ForwardedCalls forwarded() {
        return forwarded;
    }

    /** With no answers nothing is ever counted, so one instance serves every run (no allocation on the warm path). */
    private static final AwsAnswering NONE = new AwsAnswering(AwsResponses.none(), Optional.empty());

    /** Nothing answers: every call fails its step, saying how to answer it. */
    public static AwsAnswering none() {
        return NONE;
    }

    /**
     * A step's session: its calls answered and recorded, each passed to {@code listener} as it is made.
     *
     * @param timeout how long one request to the endpoint may take
     */
    public AwsSession session(Consumer<AwsCall> listener, Duration timeout) {
        return new AwsSession(this, listener, timeout);
    }

    Optional<URI> endpoint() {
        return endpoint;
    }

    AwsResponses responses() {
        return responses;
    }

    /** The first answer for the call whose {@code when} matches and whose {@code times} are not used up, counted as used. */
    synchronized Optional<DeclaredAnswer> take(String key, JsonNode parameters) {
        for (DeclaredAnswer answer : responses.answersFor(key)) {
            int count = used.getOrDefault(answer, 0);
            if ((answer.times() == 0 || count < answer.times()) && answer.matches(parameters)) {
                used.put(answer, count + 1);
                return Optional.of(answer);
            }
        }
        return Optional.empty();
    }

    /** How many answers the key has, and how many of them are used up. */
    synchronized String availability(String key) {
        List<DeclaredAnswer> all = responses.answersFor(key);
        long usedUp = all.stream().filter(a -> a.times() > 0 && used.getOrDefault(a, 0) >= a.times()).count();
        return all.size() + " answer" + (all.size() == 1 ? "" : "s") + (usedUp > 0 ? ", " + usedUp + " used up" : "");
    }
}
