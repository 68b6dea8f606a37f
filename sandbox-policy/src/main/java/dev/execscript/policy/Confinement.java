package dev.execscript.policy;

/** Whether worker and {@code pwsh} processes must run confined by the OS (namespaces and limits, via bwrap or unshare). */
public enum Confinement {
    /** Confine with what the machine offers; run unconfined (and say so) where nothing is usable. Default. */
    AUTO,
    /** Confinement must be available: a step that would run unconfined fails instead. */
    REQUIRED,
    /** Never confine (e.g. inside a container that already is). */
    OFF
}
