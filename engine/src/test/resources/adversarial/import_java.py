# attack: reach the JVM through Java interop
# expect: Failed Action | NotImplementedError: host lookup is not allowed
import java
def handler(events, context):
    return java.type("java.lang.System").getProperty("user.home")
