package dev.execscript.document;

import java.util.List;

/** The values of a step's {@code Runtime} input that we accept, and the language each one means. */
public enum ScriptRuntime {
    PYTHON_3_6("python3.6"), PYTHON_3_7("python3.7"), PYTHON_3_8("python3.8"), PYTHON_3_9("python3.9"),
    PYTHON_3_10("python3.10"), PYTHON_3_11("python3.11"), PYTHON_3_12("python3.12"),
    POWERSHELL_CORE_6_0("PowerShell Core 6.0"), POWERSHELL_7_0("PowerShell 7.0"),
    POWERSHELL_7_2("PowerShell 7.2"), POWERSHELL_7_4("PowerShell 7.4");

    private final String documentName;

    ScriptRuntime(String documentName) {
        this.documentName = documentName;
    }

    public String documentName() {
        return documentName;
    }

    public boolean isPython() {
        return documentName.startsWith("python");
    }

    public static ScriptRuntime parse(String value) {
        for (ScriptRuntime r : values()) {
            if (r.documentName.equals(value)) {
                return r;
            }
        }
        return null;
    }

    public static String accepted() {
        return String.join(", ", List.of(values()).stream().map(ScriptRuntime::documentName).toList());
    }
}
