package dev.execscript.worker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The host-worker protocol over the worker's stdin and stdout: frames of a fixed 7-byte header (magic
 * {@code 'X'}, protocol version, frame type, payload length as a big-endian int) and the payload. Whoever
 * reads checks every header field and the length against its own limit before reading the payload, so a
 * peer cannot make it allocate or wait for more than that limit. Writes are synchronized (output lines
 * and the outcome come from different threads of the worker).
 */
final class Frames {

    static final byte MAGIC = 'X';
    /** 2: AWS calls forwarded to the host (AWS_CALL, AWS_ANSWER). */
    static final byte VERSION = 2;

    /**
     * Frame types. Host to worker: PREPARE (once), RUN, and during a run AWS_ANSWER (one per AWS_CALL).
     * Worker to host: READY (once), then per run STARTED (its context is ready and the script starts: the
     * run's clock starts), LINE... and AWS_CALL... in any order, OUTCOME.
     */
    enum Type {
        PREPARE('P'), RUN('R'), READY('H'), STARTED('S'), LINE('L'), OUTCOME('O'), AWS_CALL('A'), AWS_ANSWER('W');

        final byte code;

        Type(char code) {
            this.code = (byte) code;
        }

        static Type of(byte code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    record Frame(Type type, byte[] payload) {
    }

    /** The peer broke the protocol: a bad header, an unknown type, a length over the limit. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    private final DataInputStream in;
    private final DataOutputStream out;

    Frames(InputStream in, OutputStream out) {
        this.in = in == null ? null : new DataInputStream(in);
        this.out = out == null ? null : new DataOutputStream(out);
    }

    /** The next frame, or null at a clean end of stream (between frames). */
    Frame read(int maxPayload) throws IOException {
        return read(type -> maxPayload);
    }

    /** As {@link #read(int)}, with a limit per frame type. */
    Frame read(java.util.function.ToIntFunction<Type> maxPayloads) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        try {
            byte version = in.readByte();
            byte code = in.readByte();
            int length = in.readInt();
            if (first != MAGIC) {
                throw new ProtocolException("a frame did not start with the protocol's magic byte");
            }
            if (version != VERSION) {
                throw new ProtocolException("a frame of protocol version " + version + " (expected " + VERSION + ")");
            }
            Type type = Type.of(code);
            if (type == null) {
                throw new ProtocolException("a frame of unknown type " + (code & 0xff));
            }
            int maxPayload = maxPayloads.applyAsInt(type);
            if (length < 0 || length > maxPayload) {
                throw new ProtocolException("a frame of " + Integer.toUnsignedString(length) + " bytes (at most " + maxPayload
                        + " allowed)");
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length != length) {
                throw new ProtocolException("the stream ended inside a frame");
            }
            return new Frame(type, payload);
        } catch (EOFException e) {
            throw new ProtocolException("the stream ended inside a frame");
        }
    }

    synchronized void write(Type type, byte[] payload) throws IOException {
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(type.code);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }
}
