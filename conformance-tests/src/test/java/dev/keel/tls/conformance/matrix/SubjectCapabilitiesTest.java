package dev.keel.tls.conformance.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keel.tls.conformance.subject.SubjectCapabilities;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capability switch turns cases into NOT YET exactly for the features the subject lacks. */
class SubjectCapabilitiesTest {

    @Test
    void keelRunsEveryKindOfCase() {
        SubjectCapabilities keel = SubjectCapabilities.KEEL;
        assertEquals(List.of(), keel.missingFor(CaseParams.tls13(Scenario.HANDSHAKE)));
        assertEquals(List.of(), keel.missingFor(CaseParams.tls13(Scenario.HRR).withGroup(Group.SECP384R1)));
        assertEquals(List.of(), keel.missingFor(CaseParams.tls12(Scenario.HANDSHAKE)));
        assertEquals(List.of(), keel.missingFor(CaseParams.tls13(Scenario.RESUMPTION)));
        assertEquals(List.of(), keel.missingFor(CaseParams.tls12(Scenario.CLIENT_AUTH)));
        assertEquals(List.of(), keel.missingFor(CaseParams.tls13(Scenario.KEY_UPDATE_REQUESTED)));
        SubjectCapabilities none = new SubjectCapabilities(true, false, false, false, false);
        assertEquals(List.of("resumption"), none.missingFor(CaseParams.tls13(Scenario.RESUMPTION)));
        assertEquals(List.of("tls12", "clientAuth"), none.missingFor(CaseParams.tls12(Scenario.CLIENT_AUTH)));
        assertEquals(List.of("keyUpdate"), none.missingFor(CaseParams.tls13(Scenario.KEY_UPDATE_REQUESTED)));
    }

    @Test
    void aCompleteSubjectMissesNothing() {
        for (Role role : Role.values()) {
            for (CaseParams p : Matrix.standardParams(role)) {
                assertEquals(List.of(), SubjectCapabilities.ALL.missingFor(p), p.describe());
            }
        }
    }

    @Test
    void theStandardMatrixHas34ParameterSetsPerDirection() {
        assertEquals(34, Matrix.standardParams(Role.SUBJECT_CLIENT).size());
        assertEquals(34, Matrix.standardParams(Role.SUBJECT_SERVER).size());
    }
}
