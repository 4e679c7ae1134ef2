package dev.keel.tls;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's architecture, enforced on the production classes: {@code jsse → connection →
 * handshake/record → message → crypto}, {@code alert} usable by all and using none, {@code session}
 * used by handshake, connection and jsse and itself using only message/crypto/alert; only
 * {@code jsse} sees {@code javax.net.ssl}; no cycles between packages.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.keel.tls";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void onlyJsseUsesJavaxNetSsl() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".jsse..", ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage("javax.net.ssl..")
                .because("the protocol core knows nothing about JSSE (DESIGN.md); only the JSSE layer and"
                        + " the command line, an application on top of it, use it")
                .check(classes);
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("cli").definedBy(ROOT + ".cli..")
                .layer("jsse").definedBy(ROOT + ".jsse..")
                .layer("connection").definedBy(ROOT + ".connection..")
                .layer("handshake").definedBy(ROOT + ".handshake..")
                .layer("record").definedBy(ROOT + ".record..")
                .layer("session").definedBy(ROOT + ".session..")
                .layer("config").definedBy(ROOT + ".config..")
                .layer("message").definedBy(ROOT + ".message..")
                .layer("crypto").definedBy(ROOT + ".crypto..")
                .layer("alert").definedBy(ROOT + ".alert..")

                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("jsse").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("connection").mayOnlyBeAccessedByLayers("jsse")
                .whereLayer("handshake").mayOnlyBeAccessedByLayers("connection")
                .whereLayer("record").mayOnlyBeAccessedByLayers("connection", "handshake")
                .whereLayer("session").mayOnlyBeAccessedByLayers("cli", "jsse", "connection", "handshake")
                .whereLayer("config").mayOnlyBeAccessedByLayers("cli", "jsse", "connection", "handshake")
                .whereLayer("message").mayOnlyBeAccessedByLayers("cli", "jsse", "connection", "handshake", "record",
                        "session", "config")

                .whereLayer("session").mayOnlyAccessLayers("message", "crypto", "alert")
                .whereLayer("config").mayOnlyAccessLayers("message", "crypto", "alert")
                .whereLayer("message").mayOnlyAccessLayers("crypto", "alert")
                .whereLayer("crypto").mayOnlyAccessLayers("alert")
                .whereLayer("alert").mayNotAccessAnyLayer()
                .check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageHasItsPackageInfo() {
        for (String pkg : new String[] {"alert", "cli", "config", "connection", "crypto", "handshake", "jsse", "message", "record",
                "session"}) {
            String name = ROOT + "." + pkg + ".package-info";
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("missing " + name + ".java (DESIGN.md: each package says what it owns)");
            }
        }
    }
}
