package dev.execscript.policy;

/** A policy setting was given a value outside its allowed range. The message names the setting. */
public final class PolicyException extends IllegalArgumentException {

    private final String setting;

    public PolicyException(String setting, Object value, String allowed) {
        super("policy setting '" + setting + "' = " + value + " is out of range; allowed: " + allowed);
        this.setting = setting;
    }

    public PolicyException(String setting, String message) {
        super("policy setting '" + setting + "': " + message);
        this.setting = setting;
    }

    /** The name of the setting to change. */
    public String setting() {
        return setting;
    }
}
