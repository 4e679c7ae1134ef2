package dev.keel.tls.tls12;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Keel ↔ SunJSSE over TLS_RSA_WITH_AES_{128,256}_GCM both ways, 1 MiB each way, in a child JVM
 * ({@link SunJsseStaticRsaMain}) that re-enables TLS_RSA_* for SunJSSE before first use: JDK 24+
 * disables them and SunJSSE reads the property once per JVM, so this cannot run beside the other tests.
 */
class Tls12SunJsseStaticRsaTest {
    @Test
    void staticRsaBothWaysAgainstSunJsse() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, SunJsseStaticRsaMain.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        List<String> ok = text.lines().filter(l -> l.startsWith("OK ")).toList();
        assertEquals(List.of(
                "OK Keel SunJSSE TLSv1.2 TLS_RSA_WITH_AES_256_GCM_SHA384",
                "OK SunJSSE Keel TLSv1.2 TLS_RSA_WITH_AES_256_GCM_SHA384",
                "OK Keel SunJSSE TLSv1.2 TLS_RSA_WITH_AES_128_GCM_SHA256",
                "OK SunJSSE Keel TLSv1.2 TLS_RSA_WITH_AES_128_GCM_SHA256"), ok, text);
    }
}
