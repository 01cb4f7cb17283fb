package io.chio.conformance.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.conformance.SharedDir;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference's 48 verdict-matrix scenarios, one dynamic test per scenario id, each run through
 * the real kernel (see {@code matrix.MatrixDriver}) and compared on the whole {@code (verdict,
 * reason_code, scope_set)} tuple.
 */
class VerdictMatrixTest {
  @TestFactory
  Stream<DynamicTest> verdictMatrix() throws IOException {
    VerdictMatrix matrix = VerdictMatrix.load(SharedDir.locate());
    assertThat(matrix.scenarios()).hasSize(matrix.declaredCount()).hasSize(48);
    return matrix.scenarios().stream().map(s -> DynamicTest.dynamicTest(s.id(), () -> {
      assertThat(matrix.driver().run(s)).as(s.id()).isEqualTo(s.expected());
    }));
  }
}
