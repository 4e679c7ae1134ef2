package dev.keel.tls.conformance.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The standard matrix's shape: every parameter set runs in both directions. */
class MatrixTest {

    @Test
    void theStandardMatrixHas34ParameterSetsPerDirection() {
        assertEquals(34, Matrix.standardParams(Role.SUBJECT_CLIENT).size());
        assertEquals(34, Matrix.standardParams(Role.SUBJECT_SERVER).size());
    }
}
